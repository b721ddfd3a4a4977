import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  type LedgerTransfer,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransfers,
  type TransferKind,
} from "@/db/schema";
import { AppError } from "../errors";
import { formatMicroCredits } from "../platform/money";

export type EntryInput = { accountId: string; amount: bigint };

export type TransferInput = {
  /** Unique and chosen by the caller: posting the same id again returns the original. */
  id: string;
  kind: TransferKind;
  orgId: string | null;
  description?: string;
  metadata?: Record<string, unknown>;
  entries: EntryInput[];
};

export type PostedTransfer = { transfer: LedgerTransfer; created: boolean };

const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock
const MAX_ATTEMPTS = 5;

/** The database error code, whether the driver's error arrives bare or wrapped by drizzle. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = current as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      const constraint = candidate.constraint ?? candidate.constraint_name;
      return { code: candidate.code, constraint: typeof constraint === "string" ? constraint : undefined };
    }
    current = candidate.cause;
  }
  return {};
}

function validate(input: TransferInput): void {
  if (input.entries.length < 2) throw new Error(`transfer ${input.id}: needs at least two entries`);
  const accounts = new Set(input.entries.map((e) => e.accountId));
  if (accounts.size !== input.entries.length)
    throw new Error(`transfer ${input.id}: an account appears twice`);
  if (input.entries.some((e) => e.amount === 0n)) throw new Error(`transfer ${input.id}: zero entry`);
  const sum = input.entries.reduce((total, e) => total + e.amount, 0n);
  if (sum !== 0n) throw new Error(`transfer ${input.id}: entries sum to ${sum}, not zero`);
}

/**
 * Posts a balanced transfer: the transfer row, one immutable entry per account, and the cached
 * balances, all in one transaction (a savepoint when `db` is already a transaction). Balances are
 * updated in account-id order so concurrent transfers lock rows in the same order; deadlocks and
 * serialization failures are retried. A customer account that would go below zero fails the
 * database CHECK and the transfer has no effect: `insufficient_credits`.
 */
export async function postTransfer(db: DbOrTx, input: TransferInput): Promise<PostedTransfer> {
  validate(input);
  const entries = [...input.entries].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  const amount = entries.reduce((total, e) => (e.amount > 0n ? total + e.amount : total), 0n);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(ledgerTransfers)
          .values({
            id: input.id,
            kind: input.kind,
            orgId: input.orgId,
            amount,
            description: input.description ?? "",
            metadata: input.metadata ?? {},
          })
          .onConflictDoNothing()
          .returning();
        if (!created) {
          const [existing] = await tx.select().from(ledgerTransfers).where(eq(ledgerTransfers.id, input.id));
          if (!existing) throw new Error(`transfer ${input.id} vanished`);
          return { transfer: existing, created: false };
        }
        for (const entry of entries) {
          const [row] = await tx
            .update(ledgerAccounts)
            .set({ balance: sql`${ledgerAccounts.balance} + ${entry.amount}` })
            .where(eq(ledgerAccounts.id, entry.accountId))
            .returning({ id: ledgerAccounts.id });
          if (!row) throw new Error(`ledger account ${entry.accountId} does not exist`);
        }
        await tx
          .insert(ledgerEntries)
          .values(entries.map((e) => ({ transferId: input.id, accountId: e.accountId, amount: e.amount })));
        return { transfer: created, created: true };
      });
    } catch (error) {
      const pg = pgErrorOf(error);
      if (pg.code && RETRYABLE.has(pg.code) && attempt < MAX_ATTEMPTS) continue;
      if (pg.code === "23514" && pg.constraint === "ledger_accounts_customer_not_negative") {
        throw await insufficientCredits(db, input);
      }
      throw error;
    }
  }
}

async function insufficientCredits(db: DbOrTx, input: TransferInput): Promise<AppError> {
  const debits = input.entries.filter((e) => e.amount < 0n);
  const rows = await db
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance, kind: ledgerAccounts.kind })
    .from(ledgerAccounts)
    .where(
      inArray(
        ledgerAccounts.id,
        debits.map((e) => e.accountId),
      ),
    );
  const customer = rows.find((r) => r.kind === "customer");
  const required = -(debits.find((e) => e.accountId === customer?.id)?.amount ?? 0n);
  return new AppError(
    "insufficient_credits",
    `This needs ${formatMicroCredits(required)} credits; the balance is ${formatMicroCredits(customer?.balance ?? 0n)}`,
    {
      balance: formatMicroCredits(customer?.balance ?? 0n),
      required: formatMicroCredits(required),
    },
  );
}
