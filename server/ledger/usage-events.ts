import type { DbOrTx } from "@/db/client";
import { type LlmUsageEvent, llmUsageEvents } from "@/db/schema";

// An LLM call's usage event is its companion row, as a message log is an echo's: the ledger
// writes it in the commit that settles (or releases) the call's hold, so a call that was charged
// always has its event and an event always matches a charge, whatever crashes.

export type UsageEventRow = LlmUsageEvent;

/** The event columns in table order, each with the array type a batch statement unnests it as. */
const COLUMNS: [column: string, type: string, value: (row: UsageEventRow) => unknown][] = [
  ["id", "text", (r) => r.id],
  ["org_id", "text", (r) => r.orgId],
  ["agent_id", "text", (r) => r.agentId],
  ["key_id", "text", (r) => r.keyId],
  ["user_id", "text", (r) => r.userId],
  ["request_id", "text", (r) => r.requestId],
  ["requested_model", "text", (r) => r.requestedModel],
  ["provider", "text", (r) => r.provider],
  ["model", "text", (r) => r.model],
  ["stream", "boolean", (r) => r.stream],
  ["status", "llm_call_status", (r) => r.status],
  ["http_status", "int", (r) => r.httpStatus],
  ["error_code", "text", (r) => r.errorCode],
  ["prompt_tokens", "int", (r) => r.promptTokens],
  ["cached_tokens", "int", (r) => r.cachedTokens],
  ["completion_tokens", "int", (r) => r.completionTokens],
  ["cost_micro_usd", "bigint", (r) => r.costMicroUsd.toString()],
  ["credits_micros", "bigint", (r) => r.creditsMicros.toString()],
  ["attempts", "int", (r) => r.attempts],
  ["fallback", "boolean", (r) => r.fallback],
  ["latency_ms", "int", (r) => r.latencyMs],
  ["ttft_ms", "int", (r) => r.ttftMs],
  ["created_at", "timestamptz", (r) => r.createdAt.toISOString()],
];

/**
 * A CTE body inserting the events of a batch whose rows the CTE `closed` settled now, with the
 * credits each was charged (`closed.charge`). Events travel as typed arrays (one per column,
 * parameters from `$first`, `unnest`), the cheapest way into PostgreSQL; a settled call's event
 * is written once (`on conflict do nothing`).
 */
export function insertSettledEventsSql(first: number): string {
  const names = COLUMNS.map(([column]) => column);
  const arrays = [["reservation_id", "text"], ...COLUMNS].map(
    ([, type], i) => `$${first + i}::text::${type}[]`,
  );
  const selected = names.map((name) => (name === "credits_micros" ? "c.charge" : `e.${name}`));
  return `insert into llm_usage_events (${names.join(", ")})
    select ${selected.join(", ")}
    from unnest(${arrays.join(", ")}) as e(reservation_id, ${names.join(", ")})
    join closed c on c.id = e.reservation_id
    on conflict (id) do nothing
    returning 1`;
}

/** The parameters of `insertSettledEventsSql`: each event beside the hold it settles. */
export function settledEventParams(events: { reservationId: string; row: UsageEventRow }[]): unknown[][] {
  return [
    events.map((e) => e.reservationId),
    ...COLUMNS.map(([, , value]) => events.map((e) => value(e.row))),
  ];
}

/** One event, inside the caller's transaction; a second write of the same call is a no-op. */
export async function insertUsageEvent(tx: DbOrTx, row: UsageEventRow): Promise<void> {
  await tx.insert(llmUsageEvents).values(row).onConflictDoNothing();
}
