import type { LlmCallStatus } from "@/db/schema";
import type { OrgContext } from "../context";
import type { UsageEventRow } from "../ledger/usage-events";
import { nowMs } from "../platform/clock";
import { getMetrics } from "../platform/metrics";
import type { ResolvedModel } from "./catalog";
import type { ChatCompletionInput } from "./schemas";
import type { Usage } from "./types";

// What one chat completion is recorded as: its usage event (written by the ledger in the commit
// that settles or releases the call, see ledger/usage-events.ts) and its token and cost metrics.

/** The call being recorded: its id (the event's), who made it, what it asked for, when it started. */
export type MeteredCall = { id: string; ctx: OrgContext; input: ChatCompletionInput; started: number };

/** How it ended: who served it (null if no one did), the usage and cost, the outcome. */
export type CallOutcome = {
  served: { model: ResolvedModel; attempts: number; fallback: boolean } | null;
  usage: Usage | null;
  costMicroUsd: bigint;
  status: LlmCallStatus;
  httpStatus: number;
  errorCode: string | null;
  ttftMs: number | null;
};

export function usageEventRow(call: MeteredCall, outcome: CallOutcome): UsageEventRow {
  const actor = call.ctx.actor;
  const key = actor.type === "api_key" ? actor : null;
  return {
    id: call.id,
    orgId: call.ctx.org.id,
    agentId: key?.agent?.id ?? null,
    keyId: key?.keyId ?? null,
    userId: actor.type === "user" ? actor.userId : null,
    requestId: call.ctx.requestId ?? "",
    requestedModel: call.input.model,
    provider: outcome.served?.model.provider.name ?? null,
    model: outcome.served?.model.model ?? null,
    stream: call.input.stream === true,
    status: outcome.status,
    httpStatus: outcome.httpStatus,
    errorCode: outcome.errorCode,
    promptTokens: outcome.usage?.prompt_tokens ?? 0,
    cachedTokens: outcome.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    completionTokens: outcome.usage?.completion_tokens ?? 0,
    costMicroUsd: outcome.costMicroUsd,
    // The ledger writes what it charged; nothing is charged until then.
    creditsMicros: 0n,
    attempts: outcome.served?.attempts ?? 0,
    fallback: outcome.served?.fallback ?? false,
    latencyMs: Math.round(performance.now() - call.started),
    ttftMs: outcome.ttftMs,
    createdAt: new Date(nowMs()),
  };
}

/** Tokens and cost of a served call, per provider and model. */
export function meterTokens(served: ResolvedModel, usage: Usage, costMicroUsd: bigint): void {
  const metrics = getMetrics();
  const labels = { provider: served.provider.name, model: served.model };
  metrics.llmTokens.inc({ ...labels, direction: "prompt" }, usage.prompt_tokens);
  metrics.llmTokens.inc({ ...labels, direction: "completion" }, usage.completion_tokens);
  metrics.llmCostUsd.inc(labels, Number(costMicroUsd) / 1_000_000);
}
