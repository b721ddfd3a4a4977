import type { ChatChunk, ChatCompletion, ChatRequest } from "./types";

// What every provider offers the gateway: a whole completion, or a stream that has already
// produced its first byte (so the gateway may still fall back while waiting for it).

export type ProviderCall = {
  /** OpenAI-format request with `model` set to the provider's own model name. */
  request: ChatRequest;
  signal: AbortSignal;
};

export interface ChatProvider {
  complete(call: ProviderCall): Promise<ChatCompletion>;
  /** Resolves once the upstream answered with a stream (status 200); iterate for its chunks. */
  stream(call: ProviderCall): Promise<AsyncIterable<ChatChunk>>;
}

export type UpstreamFailure = "timeout" | "network" | "status" | "protocol";

const UPSTREAM_ERROR = Symbol.for("brikk.llm.upstream-error");

/** A provider call that failed; `status` is the upstream HTTP status when there was one. */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  readonly [UPSTREAM_ERROR] = true;

  /**
   * `instanceof` by brand, not by class: Next bundles the instrumentation hook (which runs the
   * health probes) and each route separately, so a provider or breaker created by one copy of
   * this module throws errors another copy must still recognise.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[UPSTREAM_ERROR] === true
    );
  }

  constructor(
    readonly failure: UpstreamFailure,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
    /** The upstream's own error body (`error.message`), for the caller when it is their fault. */
    readonly upstreamMessage: string | null = null,
  ) {
    super(message);
  }

  /** The metrics label: timeout, network, protocol, status_429, status_5xx or status_4xx. */
  get outcome(): string {
    if (this.failure !== "status" || this.status === null) return this.failure;
    if (this.status === 429) return "status_429";
    return this.status >= 500 ? "status_5xx" : "status_4xx";
  }

  /** 429, 5xx, timeouts and network errors may succeed on retry; 4xx never do. */
  get retryable(): boolean {
    if (this.failure !== "status") return this.failure !== "protocol";
    return this.status === 429 || (this.status !== null && this.status >= 500);
  }

  /** Brikk's own credentials were refused upstream: not the caller's fault. */
  get authFailure(): boolean {
    return this.status === 401 || this.status === 403;
  }

  /** The upstream refused the caller's input (400, 404, 413, 422): retrying or falling back won't help. */
  get callerFault(): boolean {
    return (
      this.failure === "status" &&
      this.status !== null &&
      this.status >= 400 &&
      this.status < 500 &&
      !this.retryable &&
      !this.authFailure
    );
  }
}
