import { and, count, eq, gt, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { agentInteractions, organizations, reputationEvents } from "@/db/schema";
import { AppError } from "../errors";
import type { Env } from "../platform/env";
import type { RatedAgent } from "./score";

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

/** The rater org's age, payment and named interaction: what its event's weight depends on. */
export type RaterStanding = { createdAt: Date; paid: boolean; interactionKnown: boolean };

/**
 * The agent, if the rater may see it, with the rater's standing (whether it has a succeeded top-up
 * not refunded in full, and whether the interaction it names is one Brikk recorded between it and
 * the agent): the feedback path's one round trip before its batch. Null when the agent is not
 * there for this rater.
 */
export async function agentAndRater(
  db: DbOrTx,
  raterOrgId: string,
  agentId: string,
  interactionId: string | undefined,
): Promise<{ agent: RatedAgent; rater: RaterStanding } | null> {
  const [row] = rowsOf<{
    id: string;
    name: string;
    org_id: string;
    public: boolean;
    created_at: string | Date;
    paid: boolean;
    interaction_known: boolean;
  }>(
    await db.execute(sql`
      select a.id, a.name, a.org_id, a.public, o.created_at,
        exists (select 1 from stripe_payments p where p.org_id = o.id
          and p.status in ('succeeded', 'partially_refunded') and p.amount_refunded < p.amount) as paid,
        exists (select 1 from agent_interactions i
          where i.id = ${interactionId ?? null} and i.org_id = o.id and i.agent_id = a.id) as interaction_known
      from agents a join organizations o on o.id = ${raterOrgId}
      where a.id = ${agentId} and a.deleted_at is null and (a.org_id = o.id or a.public)`),
  );
  if (!row) return null;
  return {
    agent: { id: row.id, name: row.name, orgId: row.org_id, public: Boolean(row.public) },
    rater: {
      createdAt: new Date(row.created_at),
      paid: Boolean(row.paid),
      interactionKnown: Boolean(row.interaction_known),
    },
  };
}

export const unknownInteraction = () =>
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
  rater: RaterStanding,
  agentId: string,
  interactionId: string | undefined,
  at: Date,
  settings: Env["reputation"],
): Promise<EventWeight> {
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
  // Products of decimal settings (0.2 × 0.1) read as themselves, not 0.020000000000000004.
  return { weight: Number(weight.toPrecision(12)), reasons, verified: interactionId !== undefined, anomaly };
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
