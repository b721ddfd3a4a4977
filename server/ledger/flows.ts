import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ledgerAccounts, type TransferKind } from "@/db/schema";
import { bigMin as min } from "../platform/money";
import { customerAccountId, ensureOrgAccounts, receivableAccountId } from "./accounts";
import { type EntryInput, type PostedTransfer, postTransfer } from "./transfer";

// Money entering or leaving an organization when it may owe credits. A refund of credits already
// spent leaves a debt on the org's receivable account (balance <= 0, see db/schema/ledger.ts);
// every later inflow pays that debt first. So while anything is owed the org has nothing to
// spend, and paid calls are refused by the same CHECK that refuses an empty account.
//
// Both flows lock the org's two accounts (credits, then receivable: id order, as postTransfer
// locks) before reading them, so the split they compute is still true when the transfer posts.

type OrgAccounts = { credits: bigint; reserved: bigint; owed: bigint };

async function lockOrgAccounts(tx: DbOrTx, orgId: string): Promise<OrgAccounts> {
  await ensureOrgAccounts(tx, orgId);
  const rows = await tx
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balance, reserved: ledgerAccounts.reserved })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, [customerAccountId(orgId), receivableAccountId(orgId)]))
    .orderBy(ledgerAccounts.id)
    .for("update");
  const customer = rows.find((r) => r.id === customerAccountId(orgId));
  const receivable = rows.find((r) => r.id === receivableAccountId(orgId));
  return {
    credits: customer?.balance ?? 0n,
    reserved: customer?.reserved ?? 0n,
    owed: -(receivable?.balance ?? 0n),
  };
}

export type FlowInput = {
  id: string;
  kind: TransferKind;
  orgId: string;
  /** The system account on the other side (stripe_clearing, system_ops). */
  counterAccountId: string;
  amountMicros: bigint;
  description: string;
  metadata?: Record<string, unknown>;
};

export type FlowResult = PostedTransfer & { settledDebtMicros: bigint };

/** Credits an org (top-up, grant), settling what it owes first. Idempotent by `id`. */
export async function creditOrg(db: DbOrTx, input: FlowInput): Promise<FlowResult> {
  if (input.amountMicros <= 0n) throw new Error("a credit must be positive");
  return db.transaction(async (tx) => {
    const { owed } = await lockOrgAccounts(tx, input.orgId);
    const settle = min(owed, input.amountMicros);
    const entries: EntryInput[] = [{ accountId: input.counterAccountId, amount: -input.amountMicros }];
    if (settle > 0n) entries.push({ accountId: receivableAccountId(input.orgId), amount: settle });
    if (input.amountMicros > settle) {
      entries.push({ accountId: customerAccountId(input.orgId), amount: input.amountMicros - settle });
    }
    const posted = await postTransfer(tx, {
      id: input.id,
      kind: input.kind,
      orgId: input.orgId,
      description: input.description,
      metadata: { ...input.metadata, ...(settle > 0n ? { settled_debt_micros: settle.toString() } : {}) },
      entries,
    });
    return { ...posted, settledDebtMicros: posted.created ? settle : 0n };
  });
}

/**
 * Takes credits back from an org (a refund): what it can spend goes first; the part it already
 * spent becomes debt on its receivable account. Never fails for lack of credits. Idempotent by `id`.
 */
export async function debitOrgIntoDebt(db: DbOrTx, input: FlowInput): Promise<FlowResult> {
  if (input.amountMicros <= 0n) throw new Error("a debit must be positive");
  return db.transaction(async (tx) => {
    const { credits, reserved } = await lockOrgAccounts(tx, input.orgId);
    const available = credits - reserved > 0n ? credits - reserved : 0n;
    const fromCredits = min(available, input.amountMicros);
    const debt = input.amountMicros - fromCredits;
    const entries: EntryInput[] = [{ accountId: input.counterAccountId, amount: input.amountMicros }];
    if (fromCredits > 0n) entries.push({ accountId: customerAccountId(input.orgId), amount: -fromCredits });
    if (debt > 0n) entries.push({ accountId: receivableAccountId(input.orgId), amount: -debt });
    const posted = await postTransfer(tx, {
      id: input.id,
      kind: input.kind,
      orgId: input.orgId,
      description: input.description,
      metadata: { ...input.metadata, ...(debt > 0n ? { debt_micros: debt.toString() } : {}) },
      entries,
    });
    return { ...posted, settledDebtMicros: 0n };
  });
}

/**
 * Pays an org's debt from credits it has free (after a reservation lets go of credits while a
 * debt is open). No-op when nothing is owed or nothing is free.
 */
export async function settleDebtFromCredits(db: DbOrTx, orgId: string, transferId: string): Promise<bigint> {
  return db.transaction(async (tx) => {
    const { credits, reserved, owed } = await lockOrgAccounts(tx, orgId);
    const amount = min(owed, credits - reserved);
    if (amount <= 0n) return 0n;
    await postTransfer(tx, {
      id: transferId,
      kind: "adjustment",
      orgId,
      description: "Debt repaid from freed credits",
      entries: [
        { accountId: customerAccountId(orgId), amount: -amount },
        { accountId: receivableAccountId(orgId), amount },
      ],
    });
    return amount;
  });
}

/** What an org owes, for error messages (a 402 says why the credits are gone). */
export async function owedBy(db: DbOrTx, orgId: string): Promise<bigint> {
  const [row] = await db
    .select({ balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(sql`${ledgerAccounts.id} = ${receivableAccountId(orgId)}`);
  return -(row?.balance ?? 0n);
}
