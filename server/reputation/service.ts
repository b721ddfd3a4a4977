import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/db/ids";
import { type EventEvidence, type ReputationEvent, reputationEvents } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { now, nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { retryAfterSeconds } from "../platform/ratelimit/types";
import { getRateLimiter } from "../platform/ratelimit-policies";
import { currentRequestScope } from "../platform/request-scope";
import { assertRole } from "../roles";
import { evidenceOfFeedback, feedbackEventRow } from "./evidence";
import { writeExternalEvent } from "./external-writes";
import { binaryEvidence } from "./model";
import type { FeedbackInput, ScoreView } from "./schemas";
import { bumpCounts, composeScoreView, type RatedAgent, reputationSettings, scoreView } from "./score";
import { addEventEvidence, lockAgent } from "./store";
import { agentAndRater, type EventWeight, unknownInteraction, weighExternalEvent } from "./weight";

// Writing feedback: who may rate, how much it counts, once per interaction or per day, and the
// agent's evidence and score updated in the same transaction as the event (external events
// through external-writes.ts, which commits them in groups).

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

type Written = { event: ReputationEvent; before: ScoreView; after: ScoreView };

/** An org's feedback on its own agent: never public, so nothing but its own evidence moves. */
async function writeInternal(
  tx: DbOrTx,
  ctx: OrgContext,
  agent: RatedAgent,
  input: FeedbackInput,
  evidence: EventEvidence,
  source: "feedback" | "observation" = "feedback",
): Promise<Written> {
  const weight: EventWeight = { weight: 1, reasons: ["internal"], verified: false, anomaly: false };
  const id = newId("reputationEvent");
  // The agent's lock before the org's audit chain, as the group-committed writer takes them.
  await lockAgent(tx, agent.id);
  await auditFeedback(tx, ctx, agent.id, id, true, weight, source);
  const at = now();
  const before = await scoreView(tx, agent, ctx.org.id);
  await addEventEvidence(
    tx,
    { agentId: agent.id, raterOrgId: ctx.org.id, internal: true, evidence, weight: 1, at },
    reputationSettings().lambda,
  );
  const inserted = await insertEvent(tx, ctx, agent.id, input, evidence, weight, at, {
    id,
    internal: true,
    source,
  });
  await bumpCounts(tx, agent.id, { external: 0, internal: 1 });
  const after = await scoreView(tx, agent, ctx.org.id);
  const internalMean = (view: ScoreView) => view.internal?.overall.mean ?? 0.5;
  const [event] = await tx
    .update(reputationEvents)
    .set({ overallDelta: internalMean(after) - internalMean(before) })
    .where(eq(reputationEvents.id, inserted.id))
    .returning();
  return { event: event ?? inserted, before, after };
}

async function insertEvent(
  tx: DbOrTx,
  ctx: OrgContext,
  agentId: string,
  input: FeedbackInput,
  evidence: EventEvidence,
  weight: EventWeight,
  at: Date,
  fixed: { id: string; internal: boolean; source: "feedback" | "observation" },
): Promise<ReputationEvent> {
  const [event] = await tx
    .insert(reputationEvents)
    .values(feedbackEventRow({ ...fixed, agentId, raterOrgId: ctx.org.id, input, evidence, weight, at }))
    .onConflictDoNothing()
    .returning();
  if (!event) throw duplicate(input);
  return event;
}

function auditFeedback(
  tx: DbOrTx,
  ctx: OrgContext,
  agentId: string,
  eventId: string,
  internal: boolean,
  weight: EventWeight,
  source: "feedback" | "observation",
) {
  return recordAudit(tx, {
    orgId: ctx.org.id,
    actor: ctx.actor,
    action: source === "observation" ? "reputation.observed" : "reputation.feedback_given",
    target: { type: "agent", id: agentId },
    metadata: { event_id: eventId, internal, weight: weight.weight, reasons: weight.reasons },
    requestId: ctx.requestId,
  });
}

// POST /api/v1/reputation/feedback
export async function recordFeedback({ ctx, input }: { ctx: OrgContext; input: FeedbackInput }) {
  assertRole(ctx.role, "member", "give feedback");
  const found = await agentAndRater(ctx.db, ctx.org.id, input.agent_id, input.interaction_id);
  // Not there for this rater: the reads' 404 (which notes a probe of another org's agent).
  if (!found) throw await notFoundInOrg(ctx, "agent", input.agent_id);
  const { agent, rater } = found;
  await enforceOrgFeedbackLimit(ctx.org.id);
  const evidence = evidenceOfFeedback(input, getEnv().reputation.responseTimeTargetMs);
  if (agent.orgId === ctx.org.id) {
    if (input.interaction_id && !rater.interactionKnown) throw unknownInteraction();
    const written = await ctx.db.transaction((tx) => writeInternal(tx, ctx, agent, input, evidence));
    return {
      event: feedbackEventView(written.event, ctx.org.name),
      score_before: written.before,
      score_after: written.after,
    };
  }
  const weight = await weighExternalEvent(
    ctx.db,
    rater,
    agent.id,
    input.interaction_id,
    now(),
    getEnv().reputation,
  );
  const written = await writeExternalEvent({
    ctx,
    agentId: agent.id,
    input,
    evidence,
    weight,
    id: newId("reputationEvent"),
    scope: currentRequestScope(),
  });
  if (written.duplicate) throw duplicate(input);
  const at = written.event.createdAt;
  const view = (rows: typeof written.afterRows, external: number) =>
    composeScoreView(agent, { rows, counts: { external, internal: 0, anomalies: 0 }, internal: null, at });
  return {
    event: feedbackEventView(written.event, ctx.org.name),
    score_before: view(written.beforeRows, written.externalCount - 1),
    score_after: view(written.afterRows, written.externalCount),
  };
}

/**
 * A system observation of one use of an agent (a panel turn): whether it succeeded, how fast it
 * answered, whether it was reliable. On the caller's own agent it is internal; on another org's
 * public agent it counts as that org's external event, weighed as its feedback would be (not
 * verified: the interaction stays free for the org's own feedback).
 */
export async function recordObservation({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { agentId: string; success: boolean; latencyMs: number; reliable: boolean; note: string };
}): Promise<void> {
  const found = await agentAndRater(ctx.db, ctx.org.id, input.agentId, undefined);
  if (!found) return; // deleted, or no longer public: nothing to observe
  const { agent, rater } = found;
  const { reputation } = getEnv();
  const evidence: EventEvidence = {
    success_rate: binaryEvidence(input.success),
    response_time: binaryEvidence(input.latencyMs <= reputation.responseTimeTargetMs),
    reliability: binaryEvidence(input.reliable),
  };
  const said: FeedbackInput = {
    agent_id: agent.id,
    outcome: input.success ? "success" : "failure",
    latency_ms: input.latencyMs,
    comment: input.note,
  };
  if (agent.orgId === ctx.org.id) {
    await ctx.db.transaction((tx) => writeInternal(tx, ctx, agent, said, evidence, "observation"));
    return;
  }
  const weight = await weighExternalEvent(ctx.db, rater, agent.id, undefined, now(), reputation);
  await writeExternalEvent({
    ctx,
    agentId: agent.id,
    input: said,
    evidence,
    weight,
    id: newId("reputationEvent"),
    source: "observation",
    scope: currentRequestScope(),
  });
}
