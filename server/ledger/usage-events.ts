import type { DbOrTx } from "@/db/client";
import { type LlmUsageEvent, llmUsageEvents } from "@/db/schema";

// An LLM call's usage event is its companion row, as a message log is an echo's: the ledger
// writes it in the commit that settles (or releases) the call's hold, so a call that was charged
// always has its event and an event always matches a charge, whatever crashes.

export type UsageEventRow = LlmUsageEvent;

/**
 * The row as a batch statement reads it (`jsonb_populate_record(null::llm_usage_events, …)`):
 * column names for keys, bigints as text so no precision is lost in JSON.
 */
export function usageEventJson(row: UsageEventRow): Record<string, unknown> {
  return {
    id: row.id,
    org_id: row.orgId,
    agent_id: row.agentId,
    key_id: row.keyId,
    user_id: row.userId,
    request_id: row.requestId,
    requested_model: row.requestedModel,
    provider: row.provider,
    model: row.model,
    stream: row.stream,
    status: row.status,
    http_status: row.httpStatus,
    error_code: row.errorCode,
    prompt_tokens: row.promptTokens,
    cached_tokens: row.cachedTokens,
    completion_tokens: row.completionTokens,
    cost_micro_usd: row.costMicroUsd.toString(),
    credits_micros: row.creditsMicros.toString(),
    attempts: row.attempts,
    fallback: row.fallback,
    latency_ms: row.latencyMs,
    ttft_ms: row.ttftMs,
    created_at: row.createdAt.toISOString(),
  };
}

/** One event, inside the caller's transaction; a second write of the same call is a no-op. */
export async function insertUsageEvent(tx: DbOrTx, row: UsageEventRow): Promise<void> {
  await tx.insert(llmUsageEvents).values(row).onConflictDoNothing();
}
