import { z } from "zod";
import { REPUTATION_DIMENSIONS } from "@/db/schema";
import { pageLimit } from "../platform/paging";
import { ResourceId, Timestamp } from "../schemas";

// One schema per reputation action, shared by REST, tRPC and the OpenAPI document.

const stars = (field: string) =>
  z
    .number({ error: `${field} must be a whole number from 1 to 5` })
    .int(`${field} must be a whole number from 1 to 5`)
    .min(1, `${field} must be from 1 to 5`)
    .max(5, `${field} must be from 1 to 5`);

export const OUTCOMES = ["success", "failure"] as const;

export const FeedbackInput = z
  .strictObject({
    agent_id: ResourceId,
    rating: stars("rating").optional().meta({ description: "1–5; required unless `outcome` is given." }),
    dimensions: z
      .strictObject({
        success_rate: stars("dimensions.success_rate").optional(),
        response_time: stars("dimensions.response_time").optional(),
        reliability: stars("dimensions.reliability").optional(),
      })
      .optional(),
    outcome: z
      .enum(OUTCOMES, { error: "outcome must be success or failure" })
      .optional()
      .meta({ description: "A measured outcome of a call to the agent: counts toward `success_rate`." }),
    latency_ms: z
      .number({ error: "latency_ms must be a number of milliseconds" })
      .int("latency_ms must be a whole number of milliseconds")
      .min(0, "latency_ms must not be negative")
      .max(3_600_000, "latency_ms must be at most 3600000")
      .optional()
      .meta({ description: "A measured latency: within the target counts toward `response_time`." }),
    interaction_id: z
      .string()
      .max(64, "interaction_id is at most 64 characters")
      .optional()
      .meta({ description: "An interaction Brikk recorded between your organization and the agent." }),
    comment: z.string().trim().max(2_000, "comment must be at most 2000 characters").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.rating === undefined && value.outcome === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rating"],
        message: "rating is required unless outcome is given",
      });
    }
  });
export type FeedbackInput = z.infer<typeof FeedbackInput>;

export const ScoreRef = z.strictObject({ agent_id: ResourceId });
export type ScoreRef = z.infer<typeof ScoreRef>;

const Dimension = z.enum(REPUTATION_DIMENSIONS, {
  error: `dimension must be one of ${REPUTATION_DIMENSIONS.join(", ")}`,
});

export const LeaderboardInput = z.strictObject({
  dimension: Dimension.default("overall"),
  min_evidence: z.coerce
    .number({ error: "min_evidence must be a number" })
    .min(0, "min_evidence must not be negative")
    .max(1_000_000, "min_evidence must be at most 1000000")
    .default(0),
  // Longer than other lists' cursors: it carries the last row's lower bound and rank too.
  cursor: z.string().max(200, "cursor must come from next_cursor").optional(),
  limit: pageLimit(20),
});
export type LeaderboardInput = z.infer<typeof LeaderboardInput>;

const Day = z.iso.date({ error: "must be a date like 2026-12-05" });

const rangeInOrder = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;
const RANGE_ORDER = { path: ["from"], message: "from must not be after to" };

/** The query of the history route (the agent is in its path). */
export const HistoryRange = z
  .strictObject({ from: Day.optional(), to: Day.optional() })
  .refine(rangeInOrder, RANGE_ORDER);
export const HistoryInput = z
  .strictObject({ agent_id: ResourceId, from: Day.optional(), to: Day.optional() })
  .refine(rangeInOrder, RANGE_ORDER);
export type HistoryInput = z.infer<typeof HistoryInput>;

export const RecentFeedbackInput = z.strictObject({ agent_id: ResourceId, limit: pageLimit(20) });
export type RecentFeedbackInput = z.infer<typeof RecentFeedbackInput>;

// Responses, as they travel in JSON.

export const DimensionScoreView = z.object({
  mean: z.number().meta({ description: "Posterior mean in [0, 1]." }),
  lower: z.number().meta({ description: "The 90% credible interval's lower end: what ranks." }),
  upper: z.number(),
  stars: z.number().meta({ description: "1 + 4·mean, one decimal.", examples: [4.3] }),
  evidence: z.number().meta({ description: "r + s: decayed, weighted evidence behind the score." }),
});

const DimensionsView = z.object({
  success_rate: DimensionScoreView,
  response_time: DimensionScoreView,
  reliability: DimensionScoreView,
});

export const ScoreView = z.object({
  agent_id: z.string(),
  agent_name: z.string(),
  public: z.boolean(),
  provisional: z.boolean().meta({ description: "Less overall evidence than REPUTATION_MIN_EVIDENCE." }),
  feedback_count: z.number().int().meta({ description: "External events (other organizations)." }),
  internal_feedback_count: z
    .number()
    .int()
    .nullable()
    .meta({ description: "Events from the agent's own organization: shown to it only (null otherwise)." }),
  anomaly_count: z.number().int().nullable().meta({
    description: "Events weighed down as a burst in the last 7 days: the owner's only (null otherwise).",
  }),
  as_of: Timestamp,
  level: z.literal(0.9),
  overall: DimensionScoreView,
  dimensions: DimensionsView,
  internal: z
    .object({ overall: DimensionScoreView, dimensions: DimensionsView })
    .nullable()
    .meta({ description: "The score from internal evidence alone, for the owner (null for others)." }),
});
export type ScoreView = z.infer<typeof ScoreView>;

export const FeedbackEventView = z.object({
  id: z.string(),
  agent_id: z.string(),
  rater: z.object({ org_id: z.string().nullable(), name: z.string().nullable() }),
  internal: z.boolean(),
  source: z.enum(["feedback", "observation"]),
  rating: z.number().int().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  latency_ms: z.number().int().nullable(),
  interaction_id: z.string().nullable(),
  comment: z.string().nullable(),
  weight: z.number(),
  weight_reasons: z.array(z.string()).meta({
    description:
      "Why the weight: `paid_topup` or `no_paid_topup`, `interaction`, `burst`, or `internal` (never public).",
  }),
  verified: z.boolean().meta({ description: "Names an interaction Brikk recorded." }),
  anomaly: z.boolean(),
  overall_delta: z.number().nullable().meta({
    description: "How much this event moved the overall mean (the owner's internal one for internal events).",
  }),
  created_at: Timestamp,
});

export const FeedbackResult = z.object({
  event: FeedbackEventView,
  score_before: ScoreView,
  score_after: ScoreView,
});

export const RecentFeedback = z.object({ data: z.array(FeedbackEventView) });

export const LeaderboardRow = z.object({
  rank: z.number().int(),
  agent: z.object({ id: z.string(), name: z.string() }),
  org_name: z.string(),
  dimension: Dimension,
  mean: z.number(),
  lower: z.number(),
  upper: z.number(),
  stars: z.number(),
  evidence: z.number(),
  provisional: z.boolean(),
  as_of: Timestamp.nullable(),
});
export const LeaderboardPage = z.object({
  data: z.array(LeaderboardRow),
  next_cursor: z.string().nullable(),
});

const HistoryPoint = z.object({
  day: z.iso.date(),
  mean: z.number(),
  lower: z.number(),
  upper: z.number(),
  stars: z.number(),
  evidence: z.number(),
});
export const HistoryView = z.object({
  data: z.array(z.object({ dimension: Dimension, points: z.array(HistoryPoint) })),
});
