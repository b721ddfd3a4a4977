import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { newId } from "@/db/ids";
import type {
  AgentPersona,
  PanelAttempt,
  PanelError,
  PanelRun,
  PanelSeat,
  PanelTurn,
  panelTurns,
} from "@/db/schema";
import type { Actor, OrgContext, OrgRef } from "../context";
import { AppError } from "../errors";
import { findUsableKeyById, keyActorOf } from "../keys/verify";
import type { FailedAttempt, GatewayStream } from "../llm/gateway";
import { streamChat } from "../llm/gateway";
import { holdCall, type PaidCall, releaseCall, settleCall } from "../llm/paid-call";
import type { ChatCompletionInput } from "../llm/schemas";
import { countTextTokens } from "../llm/tokens";
import type { ChatRequest, Usage } from "../llm/types";
import { now, nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { retryAfterSeconds } from "../platform/ratelimit/types";
import { getRateLimiter, keyPolicy } from "../platform/ratelimit-policies";
import type { PanelEventType, RunEventLog } from "./events";
import { detectLanguage } from "./language";
import { modelForTurn, seatMessages, type TranscriptLine } from "./seats";
import { turnView } from "./views";

// One turn: a chat completion through the same paid pipeline as POST /api/v1/chat/completions
// (hold the worst case, route with retries, breakers and fallback, settle what was served),
// streamed into the run's event log as it arrives. Deltas are written in slices of FLUSH_MS so
// a fast stream costs a few rows a second, not one per token.

const FLUSH_MS = 50;
/** Refusals that concern the running org, not the seat: the run cannot go on. */
const STOPS_THE_RUN = new Set(["insufficient_credits", "budget_exceeded"]);

export type TurnSetup = {
  db: DbOrTx;
  run: PanelRun;
  org: OrgRef;
  seat: PanelSeat;
  index: number;
  round: number;
  /** The finished turns before this one, in order. */
  transcript: TranscriptLine[];
  /** Every seat's persona, read when the run started playing. */
  personas: Map<string, AgentPersona>;
  /** Who started the run: a guest seat's turn calls (and pays) as them. */
  caller: Actor;
  log: RunEventLog;
  signal: AbortSignal;
};

export type TurnResult = { turn: PanelTurn; stopRun: PanelError | null };

type Finish = Partial<typeof panelTurns.$inferInsert> & { status: PanelTurn["status"] };

class Turn {
  private readonly t0 = performance.now();
  /** The call's id, fixed before it is made so the turn row names its hold from the start. */
  readonly callId = newId("llmCall");
  /** The row as written: only this worker writes it, so its final state is known without reading it back. */
  private row: PanelTurn;

  constructor(private readonly setup: TurnSetup) {
    const { run, seat, index, round } = setup;
    this.row = {
      runId: run.id,
      index,
      round,
      seat: seat.seat,
      agentId: seat.agent_id,
      guest: seat.guest,
      language: seat.language,
      status: "running",
      provider: null,
      model: null,
      text: "",
      fallback: false,
      attempts: [],
      detectedLanguage: null,
      ttftMs: null,
      durationMs: null,
      promptTokens: null,
      completionTokens: null,
      costMicroUsd: 0n,
      creditsMicros: 0n,
      holdId: `llm:${this.callId}`,
      transferId: null,
      interactionId: null,
      error: null,
      startedAt: now(),
      endedAt: null,
    };
  }

  /**
   * The turn's row (naming the hold the stale-run job releases if this process dies) and its
   * first event: one statement, so one round trip and one commit.
   */
  async begin(model: string): Promise<void> {
    const { db, seat, index, round, log } = this.setup;
    const r = this.row;
    const events = log.numbered([
      [
        "turn_started",
        {
          turn: index,
          round,
          seat: seat.seat,
          agent_id: seat.agent_id,
          agent_name: seat.agent_name,
          guest: seat.guest,
          language: seat.language,
          model,
        },
      ],
    ]);
    await db.execute(sql`
      with turn as (
        insert into panel_turns (run_id, index, round, seat, agent_id, guest, language, hold_id, started_at)
        values (${r.runId}, ${r.index}, ${r.round}, ${r.seat}, ${r.agentId}, ${r.guest}, ${r.language},
          ${r.holdId}, ${r.startedAt.toISOString()}::timestamptz)
        returning 1
      )
      insert into panel_events (run_id, seq, type, data) select v.* from ${events}, turn`);
    log.advance(1);
    log.announce();
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.t0);
  }

  /** The turn's last text slice, its final row and its end event: one statement, one commit. */
  async finish(fields: Finish, lastSlice = ""): Promise<PanelTurn> {
    const { db, index, log } = this.setup;
    const turn: PanelTurn = { ...this.row, ...fields, durationMs: this.elapsedMs(), endedAt: now() };
    const written: [PanelEventType, Record<string, unknown>][] = [
      ...(lastSlice
        ? [["delta", { turn: index, text: lastSlice }] as [PanelEventType, Record<string, unknown>]]
        : []),
      [turn.status === "completed" ? "turn_ended" : "turn_failed", { turn: turnView(turn) }],
    ];
    const json = (value: unknown) => sql`${value === null ? null : JSON.stringify(value)}::jsonb`;
    const inserted = rowsOf<{ seq: number }>(
      await db.execute(sql`
        with turn as (
          update panel_turns set status = ${turn.status}::panel_turn_status, error = ${json(turn.error)},
            provider = ${turn.provider}, model = ${turn.model}, text = ${turn.text}, fallback = ${turn.fallback},
            attempts = ${json(turn.attempts)}, detected_language = ${turn.detectedLanguage},
            ttft_ms = ${turn.ttftMs}, duration_ms = ${turn.durationMs}, prompt_tokens = ${turn.promptTokens},
            completion_tokens = ${turn.completionTokens}, cost_micro_usd = ${String(turn.costMicroUsd)}::bigint,
            credits_micros = ${String(turn.creditsMicros)}::bigint, transfer_id = ${turn.transferId},
            ended_at = ${(turn.endedAt as Date).toISOString()}::timestamptz
          where run_id = ${turn.runId} and index = ${turn.index}
          returning 1
        )
        insert into panel_events (run_id, seq, type, data) select v.* from ${log.numbered(written)}, turn
        returning seq`),
    );
    if (inserted.length !== written.length) throw new Error(`turn ${index} of ${turn.runId} vanished`);
    log.advance(written.length);
    log.announce();
    this.row = turn;
    return turn;
  }

  fail(error: PanelError, attempts: PanelAttempt[] = []): Promise<PanelTurn> {
    return this.finish({ status: this.setup.signal.aborted ? "cancelled" : "failed", error, attempts });
  }
}

const problemOf = (error: unknown): PanelError =>
  error instanceof AppError
    ? { code: error.code, message: error.message }
    : { code: "internal", message: "The turn failed on the server" };

/** The context the turn's call runs in: the seat's panel key, or (guest seat) the running org's caller. */
async function callerContext(setup: TurnSetup): Promise<OrgContext> {
  const { db, org, seat, caller, signal } = setup;
  const base = { db, org, role: "member" as const, requestId: newId("request"), signal };
  if (seat.guest || !seat.key_id) return { ...base, actor: caller };
  const key = await findUsableKeyById(db, seat.key_id);
  if (!key) throw new AppError("forbidden", `${seat.agent_name}'s panel key was revoked or has expired`);
  if (getEnv().rateLimitEnabled) {
    const limited = await getRateLimiter(keyPolicy(key.key, "default")).limit(`key:${key.key.id}`);
    if (!limited.success) {
      throw new AppError(
        "rate_limited",
        `${seat.agent_name}'s panel key is over its rate limit of ${limited.limit} calls per minute; retry in ${retryAfterSeconds(limited, nowMs())} s`,
      );
    }
  }
  return { ...base, actor: keyActorOf(key) };
}

export async function playTurn(setup: TurnSetup): Promise<TurnResult> {
  const persona = setup.personas.get(setup.seat.agent_id) ?? null;
  const { model } = modelForTurn(persona ?? { system_prompt: "", model: setup.seat.model, language: "en" });
  const turn = new Turn(setup);
  await turn.begin(model);
  if (!persona) {
    return { turn: await turn.fail({ code: "not_found", message: "The agent was deleted" }), stopRun: null };
  }
  const messages = seatMessages(persona, setup);
  let call: PaidCall;
  try {
    const ctx = await callerContext(setup);
    const input: ChatCompletionInput = {
      model,
      messages,
      stream: true,
      max_tokens: getEnv().panel.maxTokensPerTurn,
    };
    call = await holdCall(ctx, input, "/api/v1/panel/runs", turn.callId);
  } catch (error) {
    const problem = problemOf(error);
    return { turn: await turn.fail(problem), stopRun: STOPS_THE_RUN.has(problem.code) ? problem : null };
  }
  const failed: FailedAttempt[] = [];
  const request: ChatRequest = { model, messages, max_tokens: getEnv().panel.maxTokensPerTurn };
  let result: GatewayStream;
  try {
    result = await streamChat(call.candidates, request, setup.signal, failed);
  } catch (error) {
    await releaseCall(call, error);
    return { turn: await turn.fail(problemOf(error), failed), stopRun: null };
  }
  return { turn: await deliver(setup, turn, call, result, failed), stopRun: null };
}

/** Streams the served answer into the log, then settles what it delivered and records the turn. */
async function deliver(
  setup: TurnSetup,
  turn: Turn,
  call: PaidCall,
  result: GatewayStream,
  failed: FailedAttempt[],
): Promise<PanelTurn> {
  let text = "";
  let pending = "";
  let ttftMs: number | null = null;
  let reported: Usage | null = null;
  let lastFlush = performance.now();
  let cut: PanelError | null = null;
  const flush = async () => {
    if (!pending) return;
    const slice = pending;
    pending = "";
    lastFlush = performance.now();
    await setup.log.append("delta", { turn: setup.index, text: slice });
  };
  try {
    for await (const chunk of result.chunks) {
      if (chunk.usage) reported = chunk.usage;
      const piece = chunk.choices.map((c) => c.delta?.content ?? "").join("");
      if (!piece) continue;
      ttftMs ??= turn.elapsedMs();
      text += piece;
      pending += piece;
      if (performance.now() - lastFlush >= FLUSH_MS) await flush();
    }
  } catch (error) {
    cut = setup.signal.aborted
      ? { code: "cancelled", message: "The run was cancelled during this turn" }
      : {
          code: "provider_stream_cut",
          message: `The provider's stream was interrupted: ${(error as Error).message}`,
        };
  }
  const usage: Usage = reported ?? {
    prompt_tokens: call.promptTokens,
    completion_tokens: countTextTokens(text),
    total_tokens: 0,
  };
  // Billed for what was delivered, even when cut.
  const bill = await settleCall(call, result, usage, {
    status: cut ? "cut" : "completed",
    errorCode: cut?.code ?? null,
    ttftMs,
  });
  return turn.finish(
    {
      status: cut ? (cut.code === "cancelled" ? "cancelled" : "failed") : "completed",
      error: cut,
      provider: result.served.provider.name,
      model: result.served.model,
      text,
      fallback: result.fallback,
      attempts: failed,
      detectedLanguage: detectLanguage(text),
      ttftMs,
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      costMicroUsd: bill.costMicroUsd,
      creditsMicros: bill.creditsMicros,
      transferId: bill.creditsMicros > 0n ? `usage:${call.hold.id}` : null,
    },
    pending,
  );
}
