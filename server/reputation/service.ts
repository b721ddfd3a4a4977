import { eq } from "drizzle-orm";
import { organizations, type ReputationEvent, reputationEvents } from "@/db/schema";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { now, nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { retryAfterSeconds } from "../platform/ratelimit/types";
import { getRateLimiter } from "../platform/ratelimit-policies";
import { assertRole } from "../roles";
import { evidenceOfFeedback } from "./evidence";
import type { FeedbackInput } from "./schemas";
import { getVisibleAgent, orgNames, reputationSettings, scoreView } from "./score";
import { addEventEvidence, lockAgent, refreshScores } from "./store";
import { assertInteraction, type EventWeight, weighExternalEvent } from "./weight";

// Writing feedback: who may rate, how much it counts, once per interaction or per day, and the
// agent's evidence and score updated in the same transaction as the event.

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Every key and member of an organization together (a named policy, beside the per-key one). */
async function enforceOrgFeedbackLimit(orgId: string): Promise<void> {
  if (!getEnv().rateLimitEnabled) return;
  const result = await getRateLimiter("reputationFeedbackOrg").limit(`org:${orgId}`);
  if (result.success) return;
  const retryAfter = retryAfterSeconds(result, nowMs());
  throw new AppError(
    "rate_limited",
    `Your organization may send ${result.limit} feedback events per minute; retry in ${retryAfter} s`,
    { retryAfter },
  );
}

export type FeedbackEventView = ReturnType<typeof feedbackEventView>;

export function feedbackEventView(event: ReputationEvent, raterName: string | null) {
  return {
    id: event.id,
    agent_id: event.agentId,
    rater: { org_id: event.raterOrgId === "system" ? null : event.raterOrgId, name: raterName },
    internal: event.internal,
    source: event.source,
    rating: event.rating,
    outcome: event.outcome as "success" | "failure" | null,
    latency_ms: event.latencyMs,
    interaction_id: event.interactionId,
    comment: event.comment,
    weight: event.weight,
    weight_reasons: event.weightReasons,
    verified: event.interactionId !== null,
    anomaly: event.anomaly,
    overall_delta: event.overallDelta,
    created_at: event.createdAt.toISOString(),
  };
}

function duplicate(input: FeedbackInput): AppError {
  return new AppError(
    "conflict",
    input.interaction_id
      ? "Your organization has already given feedback on this interaction"
      : "Your organization has already rated this agent today (UTC); name an interaction_id to rate each one",
  );
}

// POST /api/v1/reputation/feedback
export async function recordFeedback({ ctx, input }: { ctx: OrgContext; input: FeedbackInput }) {
  assertRole(ctx.role, "member", "give feedback");
  const env = getEnv();
  const agent = await getVisibleAgent(ctx, input.agent_id);
  await enforceOrgFeedbackLimit(ctx.org.id);
  const internal = agent.orgId === ctx.org.id;
  const evidence = evidenceOfFeedback(input, env.reputation.responseTimeTargetMs);
  const settings = reputationSettings();
  return ctx.db.transaction(async (tx) => {
    await lockAgent(tx, agent.id);
    const at = now();
    const before = await scoreView(tx, agent, ctx.org.id);
    if (input.interaction_id) await assertInteraction(tx, input.interaction_id, ctx.org.id, agent.id);
    let weight: EventWeight = { weight: 1, reasons: ["internal"], verified: false, anomaly: false };
    if (!internal) {
      const [rater] = await tx
        .select({ orgId: organizations.id, createdAt: organizations.createdAt })
        .from(organizations)
        .where(eq(organizations.id, ctx.org.id));
      if (!rater) throw new Error(`organization ${ctx.org.id} vanished`);
      weight = await weighExternalEvent(tx, rater, agent.id, input.interaction_id, at, env.reputation);
    }
    const [event] = await tx
      .insert(reputationEvents)
      .values({
        agentId: agent.id,
        raterOrgId: ctx.org.id,
        internal,
        source: "feedback",
        rating: input.rating ?? null,
        evidence,
        weight: weight.weight,
        weightReasons: weight.reasons,
        interactionId: input.interaction_id ?? null,
        outcome: input.outcome ?? null,
        latencyMs: input.latency_ms ?? null,
        comment: input.comment || null,
        day: utcDay(at),
        anomaly: weight.anomaly,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning();
    if (!event) throw duplicate(input);
    await addEventEvidence(
      tx,
      { agentId: agent.id, raterOrgId: ctx.org.id, internal, evidence, weight: weight.weight, at },
      settings.lambda,
    );
    if (!internal) await refreshScores(tx, agent.id, at, settings);
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "reputation.feedback_given",
      target: { type: "agent", id: agent.id },
      metadata: { event_id: event.id, internal, weight: weight.weight, reasons: weight.reasons },
      requestId: ctx.requestId,
    });
    const after = await scoreView(tx, agent, ctx.org.id);
    const overallOf = (view: typeof after) =>
      (internal ? view.internal?.overall.mean : view.overall.mean) ?? 0;
    const [written] = await tx
      .update(reputationEvents)
      .set({ overallDelta: overallOf(after) - overallOf(before) })
      .where(eq(reputationEvents.id, event.id))
      .returning();
    const names = await orgNames(tx, [ctx.org.id]);
    return {
      event: feedbackEventView(written ?? event, names.get(ctx.org.id) ?? null),
      score_before: before,
      score_after: after,
    };
  });
}
