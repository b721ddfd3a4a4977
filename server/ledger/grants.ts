import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizations } from "@/db/schema";
import { recordAudit } from "../audit/service";
import type { ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { getEnv } from "../platform/env";
import { formatMicroCredits } from "../platform/money";
import { customerAccountId, ensureOrgAccounts, operationsAccountId } from "./accounts";
import { creditOrg } from "./flows";
import type { GrantCreditsInput } from "./schemas";
import { postTransfer } from "./transfer";

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

/** The organizations a platform administrator may grant credits to (every one but the system's). */
export async function grantableOrgs({ ctx }: { ctx: ServiceContext }) {
  return ctx.db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.system, false))
    .orderBy(organizations.name)
    .limit(500);
}

export type GrantOutcome = {
  transfer_id: string;
  org_id: string;
  credits: string;
  /** False when this reference had already been granted: nothing moved this time. */
  created: boolean;
};

/**
 * Credits given by a platform admin (dashboard or CLI; the caller is authorised by its adapter),
 * audited in the same transaction. The transfer id is `grant:admin:<reference>`: the same
 * reference again is a no-op that says so, and with another org or amount it is a 409.
 */
export async function grantCredits({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: GrantCreditsInput;
}): Promise<GrantOutcome> {
  const [org] = await ctx.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, input.org_id), eq(organizations.system, false)));
  if (!org) throw notFound("Organization");
  return ctx.db.transaction(async (tx) => {
    // A grant pays what the org owes first, like any inflow (see flows.ts).
    const posted = await creditOrg(tx, {
      id: `grant:admin:${input.reference}`,
      kind: "grant",
      orgId: org.id,
      counterAccountId: operationsAccountId(),
      amountMicros: input.credits,
      description: input.reason,
      metadata: { reason: input.reason, reference: input.reference },
    });
    const earlier = posted.transfer;
    if (!posted.created && (earlier.orgId !== org.id || earlier.amount !== input.credits)) {
      throw new AppError(
        "conflict",
        `reference ${input.reference} was already used to grant ${formatMicroCredits(earlier.amount)} credits to ${earlier.orgId}; use a new reference for a different grant`,
      );
    }
    if (posted.created) {
      await recordAudit(tx, {
        orgId: org.id,
        actor: ctx.actor,
        action: "ledger.credits_granted",
        target: { type: "ledger_transfer", id: earlier.id },
        metadata: {
          credits: formatMicroCredits(input.credits),
          reason: input.reason,
          reference: input.reference,
        },
      });
    }
    return {
      transfer_id: earlier.id,
      org_id: org.id,
      credits: formatMicroCredits(input.credits),
      created: posted.created,
    };
  });
}
