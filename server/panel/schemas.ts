import { z } from "zod";
import { PANEL_RUN_STATUSES, PANEL_TURN_STATUSES } from "@/db/schema";
import { pageLimit } from "../platform/paging";
import { Cursor, Decimal, pageOf, ResourceId, ResourceRef, Timestamp } from "../schemas";

export const SEATS = 4;
export const ROUNDS = 2;

export const StartRunInput = z.strictObject({
  prompt: z
    .string({ error: "prompt is required" })
    .trim()
    .min(1, "prompt is required")
    .max(2_000, "prompt must be at most 2000 characters"),
  seats: z
    .array(ResourceId.nullable(), { error: "seats must be a list of agent ids (or null)" })
    .length(SEATS, `seats must name exactly ${SEATS} agents`)
    .optional()
    .meta({
      description:
        "The agents on the four seats, in speaking order: your own agents, or other organizations' public agents (guest seats, billed to you); `null` keeps that seat's default panel agent. Omitted: the four default panel agents, created on first use.",
    }),
});
export type StartRunInput = z.infer<typeof StartRunInput>;

export const RunRef = ResourceRef;
export type RunRef = z.infer<typeof RunRef>;

export const ListRunsInput = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20) });
export type ListRunsInput = z.infer<typeof ListRunsInput>;

/** Where a stream resumes: the last event id seen (the `Last-Event-ID` header wins when both are sent). */
export const RunEventsQuery = z.strictObject({
  after: z.coerce
    .number({ error: "after must be an event id" })
    .int("after must be an event id")
    .min(0, "after must be an event id")
    .optional(),
});
export type RunEventsQuery = z.infer<typeof RunEventsQuery>;

// Responses, as they travel in JSON.

const Problem = z.object({ code: z.string(), message: z.string() });

export const PanelSeatView = z.object({
  seat: z.number().int(),
  agent_id: z.string(),
  agent_name: z.string(),
  guest: z
    .boolean()
    .meta({ description: "Another organization's public agent; its turns are billed to you." }),
  language: z.string(),
  model: z.string().meta({ description: "The model its persona asks for." }),
});

export const PanelTurnView = z.object({
  index: z.number().int().meta({ description: "0–7, in speaking order." }),
  round: z.number().int(),
  seat: z.number().int(),
  agent_id: z.string(),
  guest: z.boolean(),
  status: z.enum(PANEL_TURN_STATUSES),
  language: z.string(),
  provider: z.string().nullable().meta({ description: "The provider that actually served the turn." }),
  model: z.string().nullable(),
  text: z.string(),
  fallback: z.boolean(),
  failed_attempts: z
    .array(z.object({ provider: z.string(), model: z.string(), error: z.string() }))
    .meta({ description: "What was tried before the model that served (all of it, for a failed turn)." }),
  detected_language: z.string().nullable(),
  language_matches: z.boolean().nullable(),
  ttft_ms: z.number().int().nullable(),
  duration_ms: z.number().int().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  tokens_per_second: z.number().nullable(),
  cost_usd: Decimal,
  credits: Decimal.meta({ description: "Credits debited for the turn: its usage transfer in the ledger." }),
  transfer_id: z.string().nullable(),
  interaction_id: z.string().nullable(),
  error: Problem.nullable(),
  started_at: Timestamp,
  ended_at: Timestamp.nullable(),
});

export const PanelTotals = z.object({
  turns_completed: z.number().int(),
  turns_failed: z.number().int(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  cost_usd: Decimal,
  fee_credits: Decimal.meta({ description: "The run's own price (CREDITS_PER_WORKFLOW_EXECUTION)." }),
  credits: Decimal.meta({ description: "Everything the run debited: its fee and every turn." }),
  duration_ms: z.number().int().nullable(),
  local_provider: z.boolean().meta({ description: "Some turn was served by the built-in offline provider." }),
});

export const PanelRunView = z
  .object({
    id: z.string(),
    status: z.enum(PANEL_RUN_STATUSES),
    prompt: z.string(),
    seats: z.array(PanelSeatView),
    turns: z.array(PanelTurnView),
    totals: PanelTotals,
    error: Problem.nullable(),
    fee_transfer_id: z.string().nullable(),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    ended_at: Timestamp.nullable(),
  })
  .meta({ id: "PanelRun" });
export type PanelRunView = z.infer<typeof PanelRunView>;

export const PanelRunPage = pageOf(PanelRunView);

/** One server-sent event of a run's stream (`id:` is `seq`, `event:` is `type`, `data:` this). */
export const PanelStreamEvent = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("turn_started"),
      seq: z.number().int(),
      turn: z.number().int(),
      round: z.number().int(),
      seat: z.number().int(),
      agent_id: z.string(),
      agent_name: z.string(),
      guest: z.boolean(),
      language: z.string(),
      model: z.string(),
    }),
    z.object({ type: z.literal("delta"), seq: z.number().int(), turn: z.number().int(), text: z.string() }),
    z.object({ type: z.literal("turn_ended"), seq: z.number().int(), turn: PanelTurnView }),
    z.object({ type: z.literal("turn_failed"), seq: z.number().int(), turn: PanelTurnView }),
    z.object({
      type: z.literal("run_ended"),
      seq: z.number().int(),
      status: z.enum(PANEL_RUN_STATUSES),
      error: Problem.nullable(),
      totals: PanelTotals,
    }),
  ])
  .meta({ id: "PanelStreamEvent" });

export const SeatOptionsInput = z.strictObject({ q: z.string().trim().max(100).optional() });
