import { and, eq, inArray, sql } from "drizzle-orm";
import { arrayLiteralIfArray, type DbOrTx } from "@/db/client";
import { pgErrorOf } from "@/db/pg-error";
import { type LedgerTransfer, ledgerAccounts, ledgerTransfers, type TransferKind } from "@/db/schema";
import { AppError } from "../errors";
import { getDbHandle } from "../platform/db";
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

function validate(input: TransferInput): void {
  if (input.entries.length < 2) throw new Error(`transfer ${input.id}: needs at least two entries`);
  const accounts = new Set(input.entries.map((e) => e.accountId));
  if (accounts.size !== input.entries.length)
    throw new Error(`transfer ${input.id}: an account appears twice`);
  if (input.entries.some((e) => e.amount === 0n)) throw new Error(`transfer ${input.id}: zero entry`);
  const sum = input.entries.reduce((total, e) => total + e.amount, 0n);
  if (sum !== 0n) throw new Error(`transfer ${input.id}: entries sum to ${sum}, not zero`);
}

// One statement posts a whole transfer: insert the transfer (or find it already there), move the
// balances and insert the entries. One round trip, atomic on its own, prepared once per
// connection and entry count. The balance updates are chained (each runs only after the previous
// one returned its row), so a transfer locks its accounts in id order and concurrent transfers
// queue instead of deadlocking. There are no foreign keys on entries (each would cost a lookup
// per paid call): ledger_assert aborts the statement unless every account existed and moved.
// Arrays travel as text and are cast in SQL, so both drivers bind them alike.
const statements = new Map<number, string>();

function postTransferSql(entryCount: number): string {
  const cached = statements.get(entryCount);
  if (cached) return cached;
  const updates = Array.from({ length: entryCount }, (_, i) => {
    const after = i === 0 ? "t" : `u${i - 1}`;
    return `u${i} as (
      update ledger_accounts set balance = balance + $${10 + 2 * i}::bigint
      where id = $${9 + 2 * i} and exists (select 1 from ${after})
      returning id)`;
  });
  const moved = Array.from({ length: entryCount }, (_, i) => `(select count(*) from u${i})`).join(" + ");
  const text = `
  with t as (
    insert into ledger_transfers (id, kind, org_id, amount, description, metadata)
    values ($1, $2::ledger_transfer_kind, $3, $4::bigint, $5, $6::jsonb)
    on conflict (id) do nothing
    returning id, created_at
  ), ${updates.join(", ")}, entries as (
    insert into ledger_entries (transfer_id, account_id, amount)
    select t.id, x.account_id, x.amount
    from t cross join unnest($7::text::text[], $8::text::bigint[]) as x(account_id, amount)
    returning 1
  )
  select ledger_assert(${moved} = (select count(*) from entries), 'ledger account missing') as checked,
         (select count(*) from t)::int as created,
         (select created_at from t)::text as created_at`;
  statements.set(entryCount, text);
  return text;
}

type PostResult = { created: number; created_at: string | null };

function paramsOf(input: TransferInput, amount: bigint): unknown[] {
  const entries = [...input.entries].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  return [
    input.id,
    input.kind,
    input.orgId,
    amount.toString(),
    input.description ?? "",
    JSON.stringify(input.metadata ?? {}),
    arrayLiteralIfArray(entries.map((e) => e.accountId)),
    arrayLiteralIfArray(entries.map((e) => e.amount.toString())),
    ...entries.flatMap((e) => [e.accountId, e.amount.toString()]),
  ];
}

/**
 * Whether `db` is a drizzle transaction. Structural, not `instanceof`: Next bundles the
 * instrumentation hook (which opens the database) and each route separately, each with its own
 * copy of drizzle's classes, so a transaction from one bundle is not an instance of another's.
 */
function isTransaction(db: DbOrTx): boolean {
  return typeof (db as { rollback?: unknown }).rollback === "function";
}

/** The customer-account CHECK refused the statement: the org cannot afford it. */
export function isOutOfCredits(error: unknown): boolean {
  const pg = pgErrorOf(error);
  return pg.code === "23514" && pg.constraint === "ledger_accounts_customer_not_negative";
}

async function runPost(db: DbOrTx, input: TransferInput, amount: bigint): Promise<PostResult> {
  const params = paramsOf(input, amount);
  if (isTransaction(db)) {
    // Inside the caller's transaction: the same statement through drizzle, on that connection.
    const chunks = postTransferSql(input.entries.length).split(/\$(\d+)/);
    const query = sql.join(
      chunks.map((chunk, i) => (i % 2 === 0 ? sql.raw(chunk) : sql`${params[Number(chunk) - 1]}`)),
    );
    const result = await db.execute(query);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as PostResult[];
    if (!rows[0]) throw new Error("post transfer returned nothing");
    return rows[0];
  }
  const [row] = await (await getDbHandle()).query<PostResult>(postTransferSql(input.entries.length), params);
  if (!row) throw new Error("post transfer returned nothing");
  return row;
}

/**
 * Posts a balanced transfer: the transfer row, one immutable entry per account, and the cached
 * balances, atomically. Accounts are locked in id order so concurrent transfers queue rather than
 * deadlock; deadlocks and serialization failures that still happen are retried. A customer
 * account that would go below zero fails the database CHECK and the transfer has no effect:
 * `insufficient_credits`. Posting an id again returns the original transfer.
 */
export async function postTransfer(db: DbOrTx, input: TransferInput): Promise<PostedTransfer> {
  validate(input);
  const amount = input.entries.reduce((total, e) => (e.amount > 0n ? total + e.amount : total), 0n);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await runPost(db, input, amount);
      if (result.created === 0) {
        const [existing] = await db.select().from(ledgerTransfers).where(eq(ledgerTransfers.id, input.id));
        if (!existing) throw new Error(`transfer ${input.id} vanished`);
        return { transfer: existing, created: false };
      }
      // Everything about the new transfer is known here but its timestamp, which came back.
      const transfer: LedgerTransfer = {
        id: input.id,
        kind: input.kind,
        orgId: input.orgId,
        amount,
        description: input.description ?? "",
        metadata: input.metadata ?? {},
        createdAt: new Date(result.created_at ?? Date.now()),
      };
      return { transfer, created: true };
    } catch (error) {
      const pg = pgErrorOf(error);
      if (pg.code && RETRYABLE.has(pg.code) && attempt < MAX_ATTEMPTS) continue;
      if (isOutOfCredits(error)) throw await insufficientCredits(db, input);
      if (pg.code === "BL001") throw new Error(`transfer ${input.id}: a ledger account does not exist`);
      throw error;
    }
  }
}

/** The 402 for a transfer the account CHECK refused: what it needed, what is available, what is owed. */
export async function insufficientCredits(db: DbOrTx, input: TransferInput): Promise<AppError> {
  const debits = input.entries.filter((e) => e.amount < 0n);
  const rows = await db
    .select({
      id: ledgerAccounts.id,
      orgId: ledgerAccounts.orgId,
      balance: ledgerAccounts.balance,
      reserved: ledgerAccounts.reserved,
      kind: ledgerAccounts.kind,
    })
    .from(ledgerAccounts)
    .where(
      inArray(
        ledgerAccounts.id,
        debits.map((e) => e.accountId),
      ),
    );
  const customer = rows.find((r) => r.kind === "customer");
  const required = -(debits.find((e) => e.accountId === customer?.id)?.amount ?? 0n);
  const available = customer ? customer.balance - customer.reserved : 0n;
  const [receivable] = customer?.orgId
    ? await db
        .select({ balance: ledgerAccounts.balance })
        .from(ledgerAccounts)
        .where(and(eq(ledgerAccounts.orgId, customer.orgId), eq(ledgerAccounts.kind, "receivable")))
    : [];
  const owed = -(receivable?.balance ?? 0n);
  const why =
    owed > 0n
      ? `; ${formatMicroCredits(owed)} credits are owed after a refund and are paid first by the next top-up`
      : "";
  return new AppError(
    "insufficient_credits",
    `This needs ${formatMicroCredits(required)} credits; ${formatMicroCredits(available)} are available${why}`,
    {
      balance: formatMicroCredits(available),
      required: formatMicroCredits(required),
      ...(owed > 0n ? { owed: formatMicroCredits(owed) } : {}),
    },
  );
}
