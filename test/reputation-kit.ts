import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, stripePayments } from "@/db/schema";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import type { OrgContext } from "@/server/context";
import { FeedbackInput } from "@/server/reputation/schemas";
import { recordFeedback } from "@/server/reputation/service";
import { createUser, orgContext } from "./factories";

// Organizations that rate, agents to rate, and the facts that decide a rater's weight.

export async function newOrg(db: Db): Promise<OrgContext> {
  const user = await createUser(db);
  return orgContext(db, user, user.orgId);
}

export async function newAgent(ctx: OrgContext, options: { public?: boolean; name?: string } = {}) {
  const { agent } = await createAgent({
    ctx,
    input: CreateAgentInput.parse({ name: options.name ?? "Rated agent", public: options.public ?? true }),
  });
  return agent;
}

/** Makes an organization older than the burst rule's week. */
export async function ageOrg(db: Db, orgId: string, days = 30): Promise<void> {
  await db
    .update(organizations)
    .set({ createdAt: new Date(Date.now() - days * 86_400_000) })
    .where(eq(organizations.id, orgId));
}

/** A succeeded Stripe top-up ($10), refunded by `refundedCents`. */
export async function payTopUp(db: Db, orgId: string, refundedCents = 0): Promise<void> {
  await db.insert(stripePayments).values({
    orgId,
    paymentIntentId: `pi_test_${orgId}_${Math.random().toString(36).slice(2)}`,
    amount: 1000n,
    currency: "usd",
    credits: 1000n,
    status: refundedCents >= 1000 ? "refunded" : refundedCents > 0 ? "partially_refunded" : "succeeded",
    amountRefunded: BigInt(refundedCents),
    createdBy: "test",
    succeededAt: new Date(),
  });
}

export function rate(ctx: OrgContext, agentId: string, input: Record<string, unknown>) {
  return recordFeedback({ ctx, input: FeedbackInput.parse({ agent_id: agentId, ...input }) });
}
