import { Pool } from "undici";
import { getEnv } from "../platform/env";
import type { ChatProvider, ProviderCall } from "./provider";
import { UpstreamError } from "./provider";
import { parseSse } from "./sse";
import type { ChatChunk, ChatCompletion } from "./types";

// OpenAI, Mistral and any OpenAI-compatible endpoint, over undici's pooled HTTP/1.1 client (a
// keep-alive pool per upstream origin: far less CPU per call than global fetch). Timeouts: a
// non-streamed call is bounded as a whole; a stream is bounded until its headers arrive, then
// only by the idle time between chunks, so a long healthy answer is never cut.

const POOL_KEY = Symbol.for("brikk.llm.pools");
type PoolHolder = { [POOL_KEY]?: Map<string, Pool> };

function poolFor(origin: string): Pool {
  const holder = globalThis as PoolHolder;
  holder[POOL_KEY] ??= new Map();
  let pool = holder[POOL_KEY].get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: 128, keepAliveTimeout: 30_000 });
    holder[POOL_KEY].set(origin, pool);
  }
  return pool;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, nowMs = Date.now()): number | null {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The message in an upstream error body: OpenAI `{error:{message}}`, Mistral `{message}` or `{detail}`. */
export function upstreamMessageOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: unknown } | string;
      message?: unknown;
      detail?: unknown;
    };
    if (typeof parsed.error === "object" && typeof parsed.error?.message === "string")
      return parsed.error.message;
    if (typeof parsed.error === "string") return parsed.error;
    if (typeof parsed.message === "string") return parsed.message;
    if (typeof parsed.detail === "string") return parsed.detail;
    if (Array.isArray(parsed.detail)) return JSON.stringify(parsed.detail).slice(0, 500);
  } catch {
    // not JSON: fall through
  }
  return body.trim() ? body.trim().slice(0, 500) : null;
}

function failureOf(error: unknown, what: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = (error as { code?: string }).code ?? "";
  const name = (error as { name?: string }).name ?? "";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || name === "TimeoutError") {
    return new UpstreamError("timeout", `${what} timed out`);
  }
  return new UpstreamError("network", `${what} failed: ${(error as Error).message ?? String(error)}`);
}

export class OpenAiCompatibleProvider implements ChatProvider {
  private readonly origin: string;
  private readonly path: string;

  constructor(
    readonly name: string,
    baseUrl: string,
    private readonly apiKey: string,
  ) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.path = `${url.pathname.replace(/\/$/, "")}/chat/completions`;
  }

  private async send(call: ProviderCall, stream: boolean) {
    const { timeoutMs, streamIdleMs } = getEnv().llm;
    const body = stream
      ? {
          ...call.request,
          stream: true,
          stream_options: { ...(call.request.stream_options as object), include_usage: true },
        }
      : { ...call.request, stream: false };
    let response: Awaited<ReturnType<Pool["request"]>>;
    try {
      response = await poolFor(this.origin).request({
        path: this.path,
        method: "POST",
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          "content-type": "application/json",
          accept: stream ? "text/event-stream" : "application/json",
        },
        body: JSON.stringify(body),
        // undici's own timers bound the call: the wait for the answer's headers, then the gaps
        // between body chunks (a whole JSON body arrives in one or two). No per-call
        // AbortSignal.timeout/any: on Node 20 each costs more CPU than the rest of the send.
        signal: call.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: stream ? streamIdleMs : timeoutMs,
      });
    } catch (error) {
      throw failureOf(error, `${this.name} request`);
    }
    if (response.statusCode !== 200) {
      const text = await response.body.text().catch(() => "");
      const message = upstreamMessageOf(text);
      throw new UpstreamError(
        "status",
        `${this.name} answered ${response.statusCode}${message ? `: ${message}` : ""}`,
        response.statusCode,
        retryAfterMs(response.headers["retry-after"]),
        message,
      );
    }
    return response;
  }

  /**
   * A health probe: `GET {baseUrl}/models`, which OpenAI, Mistral and most compatible servers
   * answer without spending tokens. Throws the same UpstreamError a chat call would.
   */
  async ping(signal: AbortSignal): Promise<void> {
    const { timeoutMs } = getEnv().llm;
    let response: Awaited<ReturnType<Pool["request"]>>;
    try {
      response = await poolFor(this.origin).request({
        path: this.path.replace(/\/chat\/completions$/, "/models"),
        method: "GET",
        headers: { authorization: `Bearer ${this.apiKey}`, accept: "application/json" },
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) {
        throw new UpstreamError(
          "status",
          `${this.name} health probe answered ${response.statusCode}`,
          response.statusCode,
          retryAfterMs(response.headers["retry-after"]),
          upstreamMessageOf(text),
        );
      }
    } catch (error) {
      throw error instanceof UpstreamError ? error : failureOf(error, `${this.name} health probe`);
    }
  }

  async complete(call: ProviderCall): Promise<ChatCompletion> {
    const response = await this.send(call, false);
    try {
      return (await response.body.json()) as ChatCompletion;
    } catch (error) {
      throw failureOf(error, `${this.name} response`);
    }
  }

  async stream(call: ProviderCall): Promise<AsyncIterable<ChatChunk>> {
    const response = await this.send(call, true);
    const name = this.name;
    return (async function* () {
      try {
        for await (const data of parseSse(response.body)) yield JSON.parse(data) as ChatChunk;
      } catch (error) {
        throw failureOf(error, `${name} stream`);
      }
    })();
  }
}
