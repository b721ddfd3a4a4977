import type { EventEvidence, reputationEvents } from "@/db/schema";
import { binaryEvidence, ratingEvidence } from "./model";
import type { FeedbackInput } from "./schemas";
import type { EventWeight } from "./weight";

// What one piece of feedback says, per dimension, before its weight: a 1–5 rating as (r, s) that
// sum to 1, a measured outcome or latency as one unit of success or failure. Ratings and
// measurements of the same dimension add up.

type Measured = Pick<FeedbackInput, "rating" | "dimensions" | "outcome" | "latency_ms">;

function add(evidence: EventEvidence, dimension: keyof EventEvidence, e: { r: number; s: number }): void {
  const current = evidence[dimension];
  evidence[dimension] = current ? { r: current.r + e.r, s: current.s + e.s } : e;
}

export function evidenceOfFeedback(input: Measured, responseTimeTargetMs: number): EventEvidence {
  const evidence: EventEvidence = {};
  if (input.rating !== undefined) add(evidence, "overall", ratingEvidence(input.rating));
  for (const dimension of ["success_rate", "response_time", "reliability"] as const) {
    const rating = input.dimensions?.[dimension];
    if (rating !== undefined) add(evidence, dimension, ratingEvidence(rating));
  }
  if (input.outcome !== undefined) add(evidence, "success_rate", binaryEvidence(input.outcome === "success"));
  if (input.latency_ms !== undefined) {
    add(evidence, "response_time", binaryEvidence(input.latency_ms <= responseTimeTargetMs));
  }
  return evidence;
}

/** A feedback event's row as stored: what was said, its evidence and weight, its UTC day. */
export function feedbackEventRow(feedback: {
  id: string;
  /** `observation`: measured by Brikk (a panel turn), not said by anyone. */
  source?: "feedback" | "observation";
  agentId: string;
  raterOrgId: string;
  internal: boolean;
  input: FeedbackInput;
  evidence: EventEvidence;
  weight: EventWeight;
  at: Date;
}): typeof reputationEvents.$inferInsert {
  const { input, weight, at } = feedback;
  return {
    id: feedback.id,
    agentId: feedback.agentId,
    raterOrgId: feedback.raterOrgId,
    internal: feedback.internal,
    source: feedback.source ?? "feedback",
    rating: input.rating ?? null,
    evidence: feedback.evidence,
    weight: weight.weight,
    weightReasons: weight.reasons,
    interactionId: input.interaction_id ?? null,
    outcome: input.outcome ?? null,
    latencyMs: input.latency_ms ?? null,
    comment: input.comment || null,
    day: at.toISOString().slice(0, 10),
    anomaly: weight.anomaly,
    createdAt: at,
  };
}
