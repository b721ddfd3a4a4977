import { newId } from "@/db/ids";
import type { LlmCallStatus } from "@/db/schema";
import { nowMs } from "../platform/clock";
import { getDbHandle } from "../platform/db";
import { writeBehindQueue } from "../platform/write-behind";

// One UsageEvent per chat completion, written behind the response in batches (flushed at
// shutdown like every write-behind queue, so none are lost on a clean stop).

export type UsageEventInput = {
  orgId: string;
  agentId: string | null;
  keyId: string | null;
  userId: string | null;
  requestId: string;
  requestedModel: string;
  provider: string | null;
  model: string | null;
  stream: boolean;
  status: LlmCallStatus;
  httpStatus: number;
  errorCode: string | null;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costMicroUsd: bigint;
  creditsMicros: bigint;
  attempts: number;
  fallback: boolean;
  latencyMs: number;
  ttftMs: number | null;
};

const INSERT_SQL = `
  insert into llm_usage_events (id, org_id, agent_id, key_id, user_id, request_id, requested_model,
    provider, model, stream, status, http_status, error_code, prompt_tokens, cached_tokens,
    completion_tokens, cost_micro_usd, credits_micros, attempts, fallback, latency_ms, ttft_ms, created_at)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::boolean[], $11::llm_call_status[], $12::int[], $13::text[], $14::int[],
    $15::int[], $16::int[], $17::bigint[], $18::bigint[], $19::int[], $20::boolean[], $21::int[],
    $22::int[], $23::timestamptz[])`;

type Row = UsageEventInput & { id: string; createdAt: Date };

/** Batches of events as one prepared statement, column by column (unnest), like message logs. */
const queue = () =>
  writeBehindQueue<Row>("llm_usage_events", async (rows) => {
    const column = <K extends keyof Row>(key: K) => rows.map((r) => r[key]);
    const text = (key: "costMicroUsd" | "creditsMicros") => rows.map((r) => r[key].toString());
    await (await getDbHandle()).query(INSERT_SQL, [
      column("id"),
      column("orgId"),
      column("agentId"),
      column("keyId"),
      column("userId"),
      column("requestId"),
      column("requestedModel"),
      column("provider"),
      column("model"),
      column("stream"),
      column("status"),
      column("httpStatus"),
      column("errorCode"),
      column("promptTokens"),
      column("cachedTokens"),
      column("completionTokens"),
      text("costMicroUsd"),
      text("creditsMicros"),
      column("attempts"),
      column("fallback"),
      column("latencyMs"),
      column("ttftMs"),
      rows.map((r) => r.createdAt.toISOString()),
    ]);
  });

export function recordUsageEvent(event: UsageEventInput): Promise<void> {
  return queue().enqueue({ ...event, id: newId("llmCall"), createdAt: new Date(nowMs()) });
}
