import { z } from "zod";
import { DaysWindow, Decimal, Timestamp } from "../schemas";

// The chat-completions request as Brikk checks it. Fields Brikk does not use pass through to the
// provider untouched (`.loose()`), as OpenAI's own SDKs expect of a compatible endpoint.

const content = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"], {
    error: "role must be system, developer, user, assistant or tool",
  }),
  content,
  name: z.string().max(64).optional(),
});

const tokenLimit = z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000);

export const ChatCompletionInput = z.looseObject({
  model: z.string({ error: "model is required" }).trim().min(1, "model is required").max(200),
  messages: z
    .array(message, { error: "messages must be a list" })
    .min(1, "messages must not be empty")
    .max(2000),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: tokenLimit.nullish(),
  max_completion_tokens: tokenLimit.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.literal(1, { error: "only n = 1 is supported" }).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  user: z.string().max(256).optional(),
  /** Fallback chain for this request (Brikk extension, as on OpenRouter). */
  models: z.array(z.string().min(1).max(200)).max(5, "at most 5 fallback models").optional(),
});
export type ChatCompletionInput = z.infer<typeof ChatCompletionInput>;

/** The usage page's chart: LLM spend per day and model over the last `days` days. */
export const LlmUsageByDayInput = DaysWindow;
export type LlmUsageByDayInput = z.infer<typeof LlmUsageByDayInput>;

/** The usage page's table of the latest calls. */
export const RecentCallsInput = z.strictObject({
  limit: z
    .number({ error: "limit must be a whole number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(100, "limit must be at most 100")
    .default(20),
});
export type RecentCallsInput = z.infer<typeof RecentCallsInput>;

// Responses, as they travel in JSON.

const UsageWindow = z.object({
  cost_usd: Decimal,
  requests: z.number().int(),
  tokens: z.number().int(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
});

export const UsageMe = z.object({
  api_key_id: z.string().nullable(),
  today: UsageWindow,
  this_week: UsageWindow,
  this_month: UsageWindow,
  by_model: z.array(UsageWindow.extend({ model: z.string() })),
  soft_cap_usd: Decimal.nullable(),
  hard_cap_usd: Decimal.nullable(),
  soft_cap_exceeded: z.boolean(),
});

/** OpenAI's model list. */
export const ModelList = z.object({
  object: z.literal("list"),
  data: z.array(
    z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() }),
  ),
});

const TokenUsage = z.looseObject({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

/** A non-streamed answer, in OpenAI's shape (a provider's extra fields pass through). */
export const ChatCompletion = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      message: z.looseObject({ role: z.literal("assistant"), content: z.string().nullable() }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: TokenUsage.optional(),
});

/**
 * One `data:` event of a streamed answer (`stream: true`), in OpenAI's shape; the stream ends with
 * `data: [DONE]`. With `stream_options.include_usage` the last chunk carries `usage` and no choices.
 */
export const ChatCompletionChunk = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int(),
      delta: z.looseObject({ role: z.string().optional(), content: z.string().nullish() }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: TokenUsage.nullish(),
});

/** Each provider+model's circuit breaker in this process, and the last active health probes. */
export const BreakerReport = z.object({
  breakers: z.array(
    z.object({
      provider: z.string(),
      model: z.string(),
      state: z.enum(["closed", "open", "half_open", "isolated"]),
      consecutive_failures: z.number().int(),
      failures: z.number().int(),
      last_success_at: Timestamp.nullable(),
      last_failure_at: Timestamp.nullable(),
      next_probe_at: Timestamp.nullable(),
    }),
  ),
  probes: z.object({
    interval_seconds: z.number(),
    last: z.array(
      z.object({
        provider: z.string(),
        ok: z.boolean(),
        checked_at: Timestamp,
        latency_ms: z.number(),
        error: z.string().nullable(),
      }),
    ),
  }),
});
