import { z } from "zod";
import { DaysWindow } from "../schemas";

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
