import type { OrgContext } from "../context";
import { budgetHeaders } from "../ledger/budgets";
import { getMetrics } from "../platform/metrics";
import { formatMicroCredits, formatMicrosAsUsd } from "../platform/money";
import { jsonResponse } from "../platform/response-body";
import { completeChat, type GatewayStream, type Served, streamChat } from "./gateway";
import { type Bill, type CallEnd, holdCall, type PaidCall, releaseCall, settleCall } from "./paid-call";
import type { ChatCompletionInput } from "./schemas";
import { SSE_DONE, sseEvent } from "./sse";
import { countTextTokens } from "./tokens";
import type { ChatChunk, ChatRequest, Usage } from "./types";

// `POST /api/v1/chat/completions` over HTTP: hold the call's worst case (paid-call.ts), send it
// through the gateway to the candidates the hold priced, settle what it cost, and answer as
// OpenAI does: one JSON body, or server-sent events ending with Brikk's own usage chunk. A stream
// is billed for what it delivered, even when it is cut.

export async function chatCompletion({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ChatCompletionInput;
}): Promise<Response> {
  // The client going away ends the upstream call.
  const signal = ctx.signal ?? new AbortController().signal;
  const call = await holdCall(ctx, input);
  ctx.mark?.("reserve");
  const { stream: _, stream_options: __, models: ___, ...request } = input;
  return input.stream
    ? streamed(call, request as ChatRequest, signal)
    : answered(call, request as ChatRequest, signal);
}

/** The gateway's answer, or (when no provider answered) the holds released and the error thrown. */
async function served<T>(call: PaidCall, upstream: Promise<T>): Promise<T> {
  try {
    return await upstream;
  } catch (error) {
    await releaseCall(call, error);
    throw error;
  }
}

/** Brikk's time on a call: everything but the wait for the provider. */
function observeOverhead(call: PaidCall, stream: boolean, upstreamMs: number): void {
  const arrivedAt = call.ctx.arrivedAt ?? call.started;
  getMetrics().gatewayOverhead.observe(
    { stream: String(stream) },
    Math.max(0, performance.now() - arrivedAt - upstreamMs) / 1000,
  );
}

async function answered(call: PaidCall, request: ChatRequest, signal: AbortSignal): Promise<Response> {
  const result = await served(call, completeChat(call.candidates, request, signal));
  call.ctx.mark?.("upstream");
  const { completion } = result;
  const usage: Usage = completion.usage ?? {
    prompt_tokens: call.promptTokens,
    completion_tokens: countTextTokens(completion.choices.map((c) => c.message.content ?? "").join("")),
    total_tokens: 0,
  };
  const bill = await settleCall(call, result, usage, { status: "completed", errorCode: null, ttftMs: null });
  call.ctx.mark?.("charge");
  observeOverhead(call, false, result.upstreamMs);
  return jsonResponse(JSON.stringify(completion), {
    status: 200,
    headers: { "content-type": "application/json", ...servedHeaders(call, result, bill) },
  });
}

async function streamed(call: PaidCall, request: ChatRequest, callerSignal: AbortSignal): Promise<Response> {
  const upstreamAbort = new AbortController();
  const signal = AbortSignal.any([callerSignal, upstreamAbort.signal]);
  const result = await served(call, streamChat(call.candidates, request, signal));
  call.ctx.mark?.("upstream");
  // Before the first byte: everything but the wait for the upstream's answer.
  observeOverhead(call, true, result.upstreamMs);
  const delivery = new Delivery(call, result);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const chunk of result.chunks) {
          const event = delivery.take(chunk);
          if (event) controller.enqueue(sseEvent(event));
        }
        const { bill, usage } = await delivery.finish({ status: "completed", errorCode: null });
        controller.enqueue(sseEvent(finalChunk(delivery, result, bill, usage)));
        controller.enqueue(SSE_DONE);
        controller.close();
      } catch (error) {
        if (delivery.finished) throw error;
        // Cut mid-way: bill what was delivered and end with an error event, never a clean [DONE].
        await delivery.finish({ status: "cut", errorCode: "provider_stream_cut" }).catch(() => {});
        controller.enqueue(sseEvent(streamCutEvent(call, error)));
        controller.close();
      }
    },
    async cancel() {
      // The client went away: stop the upstream and bill what was delivered.
      upstreamAbort.abort();
      if (!delivery.finished)
        await delivery.finish({ status: "cut", errorCode: "client_closed" }).catch(() => {});
    },
  });
  const budget = call.hold.budget;
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      ...servedHeaders(call, result),
      // A stream's own cost is only known at its end (in its last chunk); these are as of its start.
      ...(budget ? budgetHeaders(budget, budget.spentBefore, budget.reservedAfter) : {}),
    },
  });
}

/** What a stream delivered so far, and its settlement once it ends (exactly once). */
class Delivery {
  finished = false;
  private text = "";
  private reported: Usage | null = null;
  private ttftMs: number | null = null;
  last: Pick<ChatChunk, "id" | "created" | "model">;

  constructor(
    private readonly call: PaidCall,
    private readonly result: GatewayStream,
  ) {
    this.last = { id: `chatcmpl-${call.id}`, created: 0, model: call.input.model };
  }

  /** The chunk to forward, or null for a usage-only chunk (folded into Brikk's final chunk). */
  take(chunk: ChatChunk): ChatChunk | null {
    this.last = { id: chunk.id, created: chunk.created, model: chunk.model };
    if (chunk.usage) this.reported = chunk.usage;
    if (chunk.choices.length === 0) return null;
    const text = chunk.choices.map((c) => c.delta?.content ?? "").join("");
    if (text && this.ttftMs === null) {
      this.ttftMs = Math.round(performance.now() - this.call.started);
      const { served } = this.result;
      getMetrics().timeToFirstToken.observe(
        { provider: served.provider.name, model: served.model },
        (performance.now() - (this.call.ctx.arrivedAt ?? this.call.started)) / 1000,
      );
    }
    this.text += text;
    return { ...chunk, usage: undefined };
  }

  async finish(end: Omit<CallEnd, "ttftMs">): Promise<{ bill: Bill; usage: Usage }> {
    this.finished = true;
    const usage: Usage = this.reported ?? {
      prompt_tokens: this.call.promptTokens,
      completion_tokens: countTextTokens(this.text),
      total_tokens: 0,
    };
    const bill = await settleCall(this.call, this.result, usage, { ...end, ttftMs: this.ttftMs });
    return { bill, usage };
  }
}

function finalChunk(delivery: Delivery, result: GatewayStream, bill: Bill, usage: Usage) {
  return {
    ...delivery.last,
    object: "chat.completion.chunk",
    choices: [],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    brikk: {
      provider: result.served.provider.name,
      model: result.served.id,
      cost_usd: formatMicrosAsUsd(bill.costMicroUsd),
      credits: formatMicroCredits(bill.creditsMicros),
      attempts: result.attempts,
      fallback: result.fallback,
    },
  };
}

function streamCutEvent(call: PaidCall, error: unknown) {
  return {
    error: {
      message: `The provider's stream was interrupted: ${(error as Error).message}`,
      type: "api_error",
      code: "provider_stream_cut",
      param: null,
      request_id: call.ctx.requestId ?? "",
    },
  };
}

function servedHeaders(call: PaidCall, served: Served, bill?: Bill): Record<string, string> {
  const budget = call.hold.budget;
  return {
    "x-brikk-provider": served.served.provider.name,
    "x-brikk-model": served.served.id,
    "x-brikk-fallback": String(served.fallback),
    "x-brikk-attempts": String(served.attempts),
    ...(bill
      ? {
          "x-brikk-cost-usd": formatMicrosAsUsd(bill.costMicroUsd),
          "x-brikk-credits": formatMicroCredits(bill.creditsMicros),
          ...(budget && bill.day
            ? budgetHeaders(budget, bill.day.spentMicroUsd, bill.day.reservedMicroUsd)
            : {}),
        }
      : {}),
  };
}
