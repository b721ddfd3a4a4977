import type { DbOrTx } from "@/db/client";
import { recordAudit } from "../audit/service";
import type { Actor } from "../context";
import { getEnv } from "../platform/env";
import { formatMicroCredits } from "../platform/money";
import { customerAccountId, ensureOrgAccounts, operationsAccountId } from "./accounts";
import { creditOrg } from "./flows";
import { type PostedTransfer, postTransfer } from "./transfer";

/**
 * A new organization's accounts and its sign-up credits (BRIKK_SIGNUP_CREDITS), in the
 * transaction that creates it, so the product works before any payment. The transfer id is
 * derived from the org, so it can only ever happen once.
 */
export async function openOrgLedger(tx: DbOrTx, orgId: string): Promise<void> {
  await ensureOrgAccounts(tx, orgId);
  const amount = getEnv().ledger.signupGrantMicros;
  if (amount === 0n) return;
  await postTransfer(tx, {
    id: `grant:signup:${orgId}`,
    kind: "grant",
    orgId,
    description: "Sign-up credits",
    entries: [
      { accountId: operationsAccountId(), amount: -amount },
      { accountId: customerAccountId(orgId), amount },
    ],
  });
}

/** Credits given by a platform admin (dashboard or CLI), audited in the same transaction. */
export async function grantCredits(
  db: DbOrTx,
  params: { orgId: string; amountMicros: bigint; reason: string; grantId: string; actor: Actor },
): Promise<PostedTransfer> {
  if (params.amountMicros <= 0n) throw new Error("a grant must be positive");
  return db.transaction(async (tx) => {
    // A grant pays what the org owes first, like any inflow (see flows.ts).
    const posted = await creditOrg(tx, {
      id: `grant:admin:${params.grantId}`,
      kind: "grant",
      orgId: params.orgId,
      counterAccountId: operationsAccountId(),
      amountMicros: params.amountMicros,
      description: params.reason,
      metadata: { reason: params.reason },
    });
    if (posted.created) {
      await recordAudit(tx, {
        orgId: params.orgId,
        actor: params.actor,
        action: "ledger.credits_granted",
        target: { type: "ledger_transfer", id: posted.transfer.id },
        metadata: { credits: formatMicroCredits(params.amountMicros), reason: params.reason },
      });
    }
    return posted;
  });
}
