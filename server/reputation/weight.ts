import { and, count, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agentInteractions, organizations, reputationEvents } from "@/db/schema";
import { AppError } from "../errors";
import type { Env } from "../platform/env";

// How much an external event counts, decided once when it is written and stored with it (never
// re-weighed later): payment-backed raters count fully, others a fifth; naming an interaction
// Brikk recorded doubles it; young organizations rating in a burst count a tenth and are flagged.

const HOUR_MS = 3_600_000;
const YOUNG_ORG_MS = 7 * 86_400_000;

export type WeightReason = "internal" | "paid_topup" | "no_paid_topup" | "interaction" | "burst";

export type EventWeight = {
  weight: number;
  reasons: WeightReason[];
  /** Names an interaction Brikk recorded between the rater and the agent. */
  verified: boolean;
  anomaly: boolean;
};

/**
 * When the rater org was created, whether it has a succeeded top-up not refunded in full, and
 * whether the interaction it names (if any) is one Brikk recorded between it and the agent: one
 * round trip on the feedback path.
 */
async function raterStanding(
  db: DbOrTx,
  orgId: string,
  agentId: string,
  interactionId: string | undefined,
): Promise<{ createdAt: Date; paid: boolean; interactionKnown: boolean }> {
  const [row] = await db
    .select({
      createdAt: organizations.createdAt,
      paid: sql<boolean>`exists (select 1 from stripe_payments p where p.org_id = ${orgId}
        and p.status in ('succeeded', 'partially_refunded') and p.amount_refunded < p.amount)`,
      interactionKnown: sql<boolean>`exists (select 1 from agent_interactions i
        where i.id = ${interactionId ?? null} and i.org_id = ${orgId} and i.agent_id = ${agentId})`,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) throw new Error(`organization ${orgId} vanished`);
  return {
    createdAt: row.createdAt,
    paid: Boolean(row.paid),
    interactionKnown: Boolean(row.interactionKnown),
  };
}

const unknownInteraction = () =>
  new AppError(
    "unprocessable",
    "interaction_id is not an interaction between your organization and this agent",
    {
      errors: [
        {
          pointer: "/interaction_id",
          detail: "no such interaction between your organization and this agent",
        },
      ],
    },
  );

/** The interaction must be one Brikk recorded between this rater and this agent. */
export async function assertInteraction(
  db: DbOrTx,
  interactionId: string,
  raterOrgId: string,
  agentId: string,
): Promise<void> {
  const [row] = await db
    .select({ id: agentInteractions.id })
    .from(agentInteractions)
    .where(
      and(
        eq(agentInteractions.id, interactionId),
        eq(agentInteractions.orgId, raterOrgId),
        eq(agentInteractions.agentId, agentId),
      ),
    );
  if (!row) throw unknownInteraction();
}

/** Ratings of this agent in the last hour from organizations younger than a week, this one included. */
async function youngRatingsInLastHour(db: DbOrTx, agentId: string, at: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(reputationEvents)
    .innerJoin(organizations, eq(organizations.id, reputationEvents.raterOrgId))
    .where(
      and(
        eq(reputationEvents.agentId, agentId),
        eq(reputationEvents.internal, false),
        gt(reputationEvents.createdAt, new Date(at.getTime() - HOUR_MS)),
        gt(organizations.createdAt, new Date(at.getTime() - YOUNG_ORG_MS)),
      ),
    );
  return (row?.n ?? 0) + 1;
}

export async function weighExternalEvent(
  db: DbOrTx,
  raterOrgId: string,
  agentId: string,
  interactionId: string | undefined,
  at: Date,
  settings: Env["reputation"],
): Promise<EventWeight> {
  const rater = await raterStanding(db, raterOrgId, agentId, interactionId);
  if (interactionId && !rater.interactionKnown) throw unknownInteraction();
  const paid = rater.paid;
  const reasons: WeightReason[] = [paid ? "paid_topup" : "no_paid_topup"];
  let weight = paid ? settings.weights.paid : settings.weights.unpaid;
  if (interactionId) {
    weight *= settings.weights.interaction;
    reasons.push("interaction");
  }
  const young = rater.createdAt.getTime() > at.getTime() - YOUNG_ORG_MS;
  const anomaly = young && (await youngRatingsInLastHour(db, agentId, at)) > settings.burstPerHour;
  if (anomaly) {
    weight *= settings.weights.burst;
    reasons.push("burst");
  }
  return { weight, reasons, verified: interactionId !== undefined, anomaly };
}

/** Records that an organization used an agent (a guest seat's panel turn): feedback naming it weighs double. */
export async function recordInteraction(
  db: DbOrTx,
  interaction: { orgId: string; agentId: string; kind: string; reference?: string },
): Promise<string> {
  const [row] = await db
    .insert(agentInteractions)
    .values({ ...interaction, reference: interaction.reference ?? null })
    .returning({ id: agentInteractions.id });
  if (!row) throw new Error("interaction insert returned nothing");
  return row.id;
}
