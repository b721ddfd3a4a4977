import type { PanelRun, PanelTurn } from "@/db/schema";
import { formatMicroCredits, formatMicrosAsUsd } from "../platform/money";

// Rows as the API shows them. Money leaves as exact decimal strings; a turn's credits are what
// its settlement debited, so the run's totals add up to the ledger's transfers exactly.

export function turnView(turn: PanelTurn) {
  const tokensPerSecond =
    turn.completionTokens && turn.durationMs && turn.ttftMs !== null && turn.durationMs > turn.ttftMs
      ? Math.round((turn.completionTokens / ((turn.durationMs - turn.ttftMs) / 1000)) * 10) / 10
      : null;
  return {
    index: turn.index,
    round: turn.round,
    seat: turn.seat,
    agent_id: turn.agentId,
    guest: turn.guest,
    status: turn.status,
    language: turn.language,
    provider: turn.provider,
    model: turn.model,
    text: turn.text,
    fallback: turn.fallback,
    failed_attempts: turn.attempts,
    detected_language: turn.detectedLanguage,
    language_matches: turn.detectedLanguage === null ? null : turn.detectedLanguage === turn.language,
    ttft_ms: turn.ttftMs,
    duration_ms: turn.durationMs,
    prompt_tokens: turn.promptTokens,
    completion_tokens: turn.completionTokens,
    tokens_per_second: tokensPerSecond,
    cost_usd: formatMicrosAsUsd(turn.costMicroUsd),
    credits: formatMicroCredits(turn.creditsMicros),
    transfer_id: turn.transferId,
    interaction_id: turn.interactionId,
    error: turn.error,
    started_at: turn.startedAt,
    ended_at: turn.endedAt,
  };
}

export type TurnView = ReturnType<typeof turnView>;

export function totalsOf(run: PanelRun, turns: PanelTurn[]) {
  let promptTokens = 0;
  let completionTokens = 0;
  let cost = 0n;
  let credits = run.feeMicros;
  for (const turn of turns) {
    promptTokens += turn.promptTokens ?? 0;
    completionTokens += turn.completionTokens ?? 0;
    cost += turn.costMicroUsd;
    credits += turn.creditsMicros;
  }
  return {
    turns_completed: turns.filter((t) => t.status === "completed").length,
    turns_failed: turns.filter((t) => t.status === "failed").length,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    cost_usd: formatMicrosAsUsd(cost),
    fee_credits: formatMicroCredits(run.feeMicros),
    credits: formatMicroCredits(credits),
    duration_ms: run.startedAt && run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : null,
    local_provider: turns.some((t) => t.provider === "local"),
  };
}

export type Totals = ReturnType<typeof totalsOf>;

export function runView(run: PanelRun, turns: PanelTurn[]) {
  return {
    id: run.id,
    status: run.status,
    prompt: run.prompt,
    seats: run.seats.map(({ seat, agent_id, agent_name, guest, language, model }) => ({
      seat,
      agent_id,
      agent_name,
      guest,
      language,
      model,
    })),
    turns: turns.map(turnView),
    totals: totalsOf(run, turns),
    error: run.error,
    fee_transfer_id: run.feeTransferId,
    created_at: run.createdAt,
    started_at: run.startedAt,
    ended_at: run.endedAt,
  };
}

export type RunView = ReturnType<typeof runView>;
