import type { DbOrTx } from "@/db/client";
import { newId } from "@/db/ids";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { holdCredits, settleHeldCredits } from "../ledger/reservation-batch";
import { releaseReservation } from "../ledger/reservations";
import { getEnv } from "../platform/env";
import { getMetrics } from "../platform/metrics";
import { formatMicroCredits, formatMicrosAsUsd } from "../platform/money";
import { jsonResponse } from "../platform/response-body";
import { afterWrite } from "../platform/write-behind";
import { holdBudget, settleHeldBudget } from "./budget-batch";
import { type BudgetHold, budgetHeaders, type KeyCaps } from "./budgets";
import { candidatesFor, type ResolvedModel } from "./catalog";
import { completeChat, type Served, streamChat } from "./gateway";
import { recordUsageEvent, type UsageEventInput } from "./metering";
import { costMicroUsd, creditsForCall, type PriceRow, priceFor, worstCaseCostMicroUsd } from "./prices";
import type { ChatCompletionInput } from "./schemas";
import { SSE_DONE, sseEvent } from "./sse";
import { countPromptTokens, countTextTokens } from "./tokens";
import type { ChatChunk, ChatRequest, Usage } from "./types";

// One chat completion, paid for: the most it can cost is reserved in credits before any provider
// is called (402 if the org cannot cover it), the gateway routes it, the actual cost is computed
// here from the provider's reported usage and settled, and a UsageEvent records it. A stream is
// billed for what it delivered, even when it is cut.

type Caller = {
  db: DbOrTx;
  /** performance.now() when the request arrived (before auth and limits). */
  arrivedAt: number;
  /** The calling key's daily caps; null for dashboard sessions (no key, no key budget). */
  caps: KeyCaps | null;
  orgId: string;
  agentId: string | null;
  keyId: string | null;
  userId: string | null;
  requestId: string;
  /** Server-Timing stages (reserve, upstream, charge, meter), for the gateway benchmark's breakdown. */
  mark?: (stage: string) => void;
};

type Plan = {
  callId: string;
  budget: BudgetHold | null;
  /** Credits held for the call (micro-credits). */
  heldCredits: bigint;
  candidates: ResolvedModel[];
  prices: PriceRow[];
  promptTokens: number;
};

async function planCall(caller: Caller, input: ChatCompletionInput): Promise<Plan> {
  const candidates = candidatesFor(input.model, input.models);
  const prices = await Promise.all(candidates.map((c) => priceFor(caller.db, c.provider.name, c.model)));
  const promptTokens = countPromptTokens(input.messages as ChatRequest["messages"]);
  const { llm, prices: callPrices } = getEnv();
  const maxOutput = input.max_completion_tokens ?? input.max_tokens ?? llm.defaultMaxTokens;
  const worst = worstCaseCostMicroUsd(prices, promptTokens, maxOutput);
  const callId = newId("llmCall");
  const heldCredits = creditsForCall(worst, callPrices.apiCall, llm.creditsPerUsd);
  // Both holds at once (each group committed with other calls'); if one is refused, the other is
  // given back and the refusal (402) is the answer.
  const [credits, budget] = await Promise.allSettled([
    holdCredits({
      id: `llm:${callId}`,
      orgId: caller.orgId,
      amountMicros: heldCredits,
      description: `Chat completion (${input.model})`,
    }),
    caller.caps ? holdBudget(caller.caps, worst) : Promise.resolve(null),
  ]);
  if (credits.status === "rejected" || budget.status === "rejected") {
    if (credits.status === "fulfilled") await releaseReservation(caller.db, `llm:${callId}`);
    if (budget.status === "fulfilled" && budget.value) {
      await settleHeldBudget(budget.value, 0n, { orgId: caller.orgId, requestId: caller.requestId });
    }
    throw credits.status === "rejected" ? credits.reason : (budget as PromiseRejectedResult).reason;
  }
  return { callId, budget: budget.value, heldCredits, candidates, prices, promptTokens };
}

type Bill = { costMicroUsd: bigint; creditsMicros: bigint; budgetHeaders: Record<string, string> };

function meter(served: ResolvedModel, usage: Usage, cost: bigint): void {
  const metrics = getMetrics();
  const labels = { provider: served.provider.name, model: served.model };
  metrics.llmTokens.inc({ ...labels, direction: "prompt" }, usage.prompt_tokens);
  metrics.llmTokens.inc({ ...labels, direction: "completion" }, usage.completion_tokens);
  metrics.llmCostUsd.inc(labels, Number(cost) / 1_000_000);
}

async function settle(caller: Caller, plan: Plan, served: ResolvedModel, usage: Usage): Promise<Bill> {
  const price = plan.prices[plan.candidates.findIndex((c) => c.id === served.id)] ?? plan.prices[0];
  if (!price) throw new Error("no price for the served model");
  const cost = costMicroUsd(usage, price);
  meter(served, usage, cost);
  const { llm, prices } = getEnv();
  const credits = creditsForCall(cost, prices.apiCall, llm.creditsPerUsd);
  // The ledger and the key's budget are settled at once, each group committed.
  const [settled, day] = await Promise.all([
    settleHeldCredits({
      id: `llm:${plan.callId}`,
      actualMicros: credits,
      metadata: {
        service: "llm",
        route: "/api/v1/chat/completions",
        model: served.id,
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        cost_usd: formatMicrosAsUsd(cost),
        request_id: caller.requestId,
        reserved: formatMicroCredits(plan.heldCredits),
      },
    }),
    plan.budget
      ? settleHeldBudget(plan.budget, cost, { orgId: caller.orgId, requestId: caller.requestId })
      : null,
  ]);
  const headers =
    plan.budget && day ? budgetHeaders(plan.budget, day.spentMicroUsd, day.reservedMicroUsd) : {};
  return { costMicroUsd: cost, creditsMicros: settled.chargedMicros, budgetHeaders: headers };
}

function eventBase(caller: Caller, input: ChatCompletionInput, started: number) {
  return {
    orgId: caller.orgId,
    agentId: caller.agentId,
    keyId: caller.keyId,
    userId: caller.userId,
    requestId: caller.requestId,
    requestedModel: input.model,
    stream: input.stream === true,
    latencyMs: Math.round(performance.now() - started),
  };
}

function usageFields(usage: Usage) {
  return {
    promptTokens: usage.prompt_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    completionTokens: usage.completion_tokens,
  };
}

function servedHeaders(served: Served, bill?: Bill): Record<string, string> {
  return {
    "x-brikk-provider": served.served.provider.name,
    "x-brikk-model": served.served.id,
    "x-brikk-fallback": String(served.fallback),
    "x-brikk-attempts": String(served.attempts),
    ...(bill
      ? {
          "x-brikk-cost-usd": formatMicrosAsUsd(bill.costMicroUsd),
          "x-brikk-credits": formatMicroCredits(bill.creditsMicros),
          ...bill.budgetHeaders,
        }
      : {}),
  };
}

async function failed(
  caller: Caller,
  input: ChatCompletionInput,
  plan: Plan,
  started: number,
  error: unknown,
) {
  await Promise.all([
    releaseReservation(caller.db, `llm:${plan.callId}`),
    plan.budget
      ? settleHeldBudget(plan.budget, 0n, { orgId: caller.orgId, requestId: caller.requestId })
      : null,
  ]);
  const appError = error instanceof AppError ? error : null;
  await afterWrite(
    recordUsageEvent({
      ...eventBase(caller, input, started),
      provider: null,
      model: null,
      status: "failed",
      httpStatus: appError?.status ?? 500,
      errorCode: appError?.code ?? "internal",
      promptTokens: 0,
      cachedTokens: 0,
      completionTokens: 0,
      costMicroUsd: 0n,
      creditsMicros: 0n,
      attempts: 0,
      fallback: false,
      ttftMs: null,
    }),
  );
}

/** The caller as the billing below needs it: who pays, whose budget, who is metered. */
function callerOf(ctx: OrgContext): Caller {
  const actor = ctx.actor;
  const key = actor.type === "api_key" ? actor : null;
  return {
    db: ctx.db,
    arrivedAt: ctx.arrivedAt ?? performance.now(),
    // Dashboard sessions have no key, so no key budget.
    caps: key && {
      keyId: key.keyId,
      softCapMicroUsd: key.caps.softMicroUsd,
      hardCapMicroUsd: key.caps.hardMicroUsd,
    },
    orgId: ctx.org.id,
    agentId: key?.agent?.id ?? null,
    keyId: key?.keyId ?? null,
    userId: actor.type === "user" ? actor.userId : null,
    requestId: ctx.requestId ?? "",
    mark: ctx.mark,
  };
}

/** `POST /api/v1/chat/completions`; `signal` ends the upstream call when the client goes away. */
export async function chatCompletion({
  ctx,
  input,
  signal,
}: {
  ctx: OrgContext;
  input: ChatCompletionInput;
  signal: AbortSignal;
}): Promise<Response> {
  const caller = callerOf(ctx);
  const started = performance.now();
  const plan = await planCall(caller, input);
  caller.mark?.("reserve");
  const request = { ...input, stream: undefined, stream_options: undefined } as ChatRequest & {
    models?: string[];
  };
  if (input.stream) return streamResponse(caller, input, plan, request, signal, started);
  let result: Awaited<ReturnType<typeof completeChat>>;
  try {
    result = await completeChat(request, signal);
  } catch (error) {
    await failed(caller, input, plan, started, error);
    throw error;
  }
  caller.mark?.("upstream");
  const { completion } = result;
  const usage: Usage = completion.usage ?? {
    prompt_tokens: plan.promptTokens,
    completion_tokens: countTextTokens(completion.choices.map((c) => c.message.content ?? "").join("")),
    total_tokens: 0,
  };
  const bill = await settle(caller, plan, result.served, usage);
  caller.mark?.("charge");
  getMetrics().gatewayOverhead.observe(
    { stream: "false" },
    Math.max(0, performance.now() - caller.arrivedAt - result.upstreamMs) / 1000,
  );
  await afterWrite(
    recordUsageEvent({
      ...eventBase(caller, input, started),
      ...usageFields(usage),
      provider: result.served.provider.name,
      model: result.served.model,
      status: "completed",
      httpStatus: 200,
      errorCode: null,
      costMicroUsd: bill.costMicroUsd,
      creditsMicros: bill.creditsMicros,
      attempts: result.attempts,
      fallback: result.fallback,
      ttftMs: null,
    }),
  );
  caller.mark?.("meter");
  return jsonResponse(JSON.stringify(completion), {
    status: 200,
    headers: { "content-type": "application/json", ...servedHeaders(result, bill) },
  });
}

async function streamResponse(
  caller: Caller,
  input: ChatCompletionInput,
  plan: Plan,
  request: ChatRequest & { models?: string[] },
  callerSignal: AbortSignal,
  started: number,
): Promise<Response> {
  const upstreamAbort = new AbortController();
  const signal = AbortSignal.any([callerSignal, upstreamAbort.signal]);
  let result: Awaited<ReturnType<typeof streamChat>>;
  try {
    result = await streamChat(request, signal);
  } catch (error) {
    await failed(caller, input, plan, started, error);
    throw error;
  }
  caller.mark?.("upstream");
  // Before the first byte: everything but the wait for the upstream's answer.
  getMetrics().gatewayOverhead.observe(
    { stream: "true" },
    Math.max(0, performance.now() - caller.arrivedAt - result.upstreamMs) / 1000,
  );
  let delivered = "";
  let reported: Usage | null = null;
  let ttftMs: number | null = null;
  let last: Pick<ChatChunk, "id" | "created" | "model"> = {
    id: `chatcmpl-${plan.callId}`,
    created: 0,
    model: input.model,
  };
  let finished = false;

  const finish = async (
    status: UsageEventInput["status"],
    errorCode: string | null,
  ): Promise<Bill & { usage: Usage }> => {
    finished = true;
    const usage: Usage = reported ?? {
      prompt_tokens: plan.promptTokens,
      completion_tokens: countTextTokens(delivered),
      total_tokens: 0,
    };
    const bill = await settle(caller, plan, result.served, usage);
    await afterWrite(
      recordUsageEvent({
        ...eventBase(caller, input, started),
        ...usageFields(usage),
        provider: result.served.provider.name,
        model: result.served.model,
        status,
        httpStatus: 200,
        errorCode,
        costMicroUsd: bill.costMicroUsd,
        creditsMicros: bill.creditsMicros,
        attempts: result.attempts,
        fallback: result.fallback,
        ttftMs,
      }),
    );
    return { ...bill, usage };
  };

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const chunk of result.chunks) {
          last = { id: chunk.id, created: chunk.created, model: chunk.model };
          if (chunk.usage) reported = chunk.usage;
          // Usage-only chunks are folded into Brikk's own final chunk below.
          if (chunk.choices.length === 0) continue;
          const text = chunk.choices.map((c) => c.delta?.content ?? "").join("");
          if (text && ttftMs === null) {
            ttftMs = Math.round(performance.now() - started);
            getMetrics().timeToFirstToken.observe(
              { provider: result.served.provider.name, model: result.served.model },
              (performance.now() - caller.arrivedAt) / 1000,
            );
          }
          delivered += text;
          controller.enqueue(sseEvent({ ...chunk, usage: undefined }));
        }
        const bill = await finish("completed", null);
        controller.enqueue(
          sseEvent({
            ...last,
            object: "chat.completion.chunk",
            choices: [],
            usage: { ...bill.usage, total_tokens: bill.usage.prompt_tokens + bill.usage.completion_tokens },
            brikk: {
              provider: result.served.provider.name,
              model: result.served.id,
              cost_usd: formatMicrosAsUsd(bill.costMicroUsd),
              credits: formatMicroCredits(bill.creditsMicros),
              attempts: result.attempts,
              fallback: result.fallback,
            },
          }),
        );
        controller.enqueue(SSE_DONE);
        controller.close();
      } catch (error) {
        if (finished) throw error;
        // Cut mid-way: bill what was delivered and end with an error event, never a clean [DONE].
        await finish("cut", "provider_stream_cut").catch(() => {});
        controller.enqueue(
          sseEvent({
            error: {
              message: `The provider's stream was interrupted: ${(error as Error).message}`,
              type: "api_error",
              code: "provider_stream_cut",
              param: null,
              request_id: caller.requestId,
            },
          }),
        );
        controller.close();
      }
    },
    async cancel() {
      // The client went away: stop the upstream and bill what was delivered.
      upstreamAbort.abort();
      if (!finished) await finish("cut", "client_closed").catch(() => {});
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      ...servedHeaders(result),
      // A stream's own cost is only known at its end (in its last chunk); these are as of its start.
      ...(plan.budget ? budgetHeaders(plan.budget, plan.budget.spentBefore, plan.budget.reservedAfter) : {}),
    },
  });
}
