import { isBrokenCircuitError } from "cockatiel";
import { AppError } from "../errors";
import { getEnv } from "../platform/env";
import { getMetrics } from "../platform/metrics";
import { abortableSleep } from "./abortable-sleep";
import { breakerFor } from "./breakers";
import type { ResolvedModel } from "./catalog";
import { type ChatProvider, UpstreamError } from "./provider";
import { providerFor } from "./provider-registry";
import type { ChatChunk, ChatCompletion, ChatRequest } from "./types";

// Routing: try the requested model, retrying what may succeed on retry (network errors, 429,
// 5xx, timeouts) with exponential backoff and full jitter, honouring Retry-After; skip a model
// whose breaker is open; then fall back along the chain. A stream can only fall back until the
// upstream answered: once a byte went to the client the answer is committed.

const MAX_BACKOFF_MS = 8_000;
/** A Retry-After longer than this is not waited for: the next candidate is tried instead. */
const MAX_RETRY_AFTER_WAIT_MS = 10_000;

export type Served = {
  served: ResolvedModel;
  attempts: number;
  fallback: boolean;
  /** Time spent inside provider calls (until a stream started), for the overhead metric. */
  upstreamMs: number;
};

/** An attempt that did not answer: which model, and why (what a fallback marker shows). */
export type FailedAttempt = { provider: string; model: string; error: string };

export type GatewayCompletion = Served & { completion: ChatCompletion };
export type GatewayStream = Served & { chunks: AsyncIterable<ChatChunk> };

const sleep = (ms: number, signal: AbortSignal) => abortableSleep(ms, signal, "the caller went away");

function backoffMs(attempt: number, error: UpstreamError): number | null {
  if (error.retryAfterMs !== null)
    return error.retryAfterMs <= MAX_RETRY_AFTER_WAIT_MS ? error.retryAfterMs : null;
  const cap = Math.min(MAX_BACKOFF_MS, getEnv().llm.retryBaseMs * 2 ** attempt);
  return Math.random() * cap;
}

/** What the caller is told when no candidate could answer. */
function exhausted(lastError: unknown, retryAfterMs: number | null): AppError {
  const retryAfter = retryAfterMs !== null ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : undefined;
  if (lastError instanceof UpstreamError && lastError.authFailure) {
    return new AppError(
      "provider_auth_error",
      "The provider refused Brikk's credentials; this is not your request's fault and has been logged",
    );
  }
  const why = lastError instanceof UpstreamError ? lastError.message : "every candidate's circuit is open";
  return new AppError("provider_unavailable", `No provider could answer (${why}); retry later`, {
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}

async function route<T>(
  candidates: readonly ResolvedModel[],
  forwarded: ChatRequest,
  signal: AbortSignal,
  call: (provider: ChatProvider, upstreamRequest: ChatRequest) => Promise<T>,
  failed: FailedAttempt[] = [],
): Promise<Served & { result: T }> {
  const { maxRetries } = getEnv().llm;
  let attempts = 0;
  let upstreamMs = 0;
  const metrics = getMetrics();
  let lastError: unknown = null;
  let retryAfterMs: number | null = null;
  for (const [index, candidate] of candidates.entries()) {
    const breaker = breakerFor(candidate.id);
    const provider = providerFor(candidate.provider);
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      const labels = { provider: candidate.provider.name, model: candidate.model };
      const sentAt = performance.now();
      try {
        attempts++;
        const result = await breaker.policy.execute(() =>
          call(provider, { ...forwarded, model: candidate.model } as ChatRequest),
        );
        const took = performance.now() - sentAt;
        upstreamMs += took;
        metrics.providerRequests.inc({ ...labels, outcome: "success" });
        metrics.providerLatency.observe(labels, took / 1000);
        return { result, served: candidate, attempts, fallback: index > 0, upstreamMs };
      } catch (error) {
        if (error instanceof UpstreamError) {
          upstreamMs += performance.now() - sentAt;
          metrics.providerRequests.inc({ ...labels, outcome: error.outcome });
        }
        failed.push({
          provider: candidate.provider.name,
          model: candidate.model,
          error: isBrokenCircuitError(error) ? "circuit open" : (error as Error).message,
        });
        if (isBrokenCircuitError(error)) {
          attempts--; // nothing was sent
          lastError ??= error;
          // Tell the caller when this model's breaker lets a probe through again.
          if (breaker.openedAt !== null) {
            const untilProbe = breaker.openedAt + getEnv().llm.breakerCooldownMs - Date.now();
            retryAfterMs = Math.min(retryAfterMs ?? Number.POSITIVE_INFINITY, Math.max(1000, untilProbe));
          }
          break;
        }
        if (!(error instanceof UpstreamError)) throw error;
        lastError = error;
        if (error.callerFault) {
          throw new AppError("bad_request", error.upstreamMessage ?? "The provider refused this request", {
            upstream_status: error.status,
          });
        }
        if (error.retryAfterMs !== null) retryAfterMs = error.retryAfterMs;
        if (!error.retryable || attempt === maxRetries || signal.aborted) break;
        const wait = backoffMs(attempt, error);
        if (wait === null) break;
        await sleep(wait, signal);
      }
    }
  }
  throw exhausted(lastError, retryAfterMs);
}

/**
 * `candidates` are the requested model and its fallbacks, in order, as the call's plan priced
 * and held them (paid-call.ts): the gateway tries exactly what was paid for.
 */
export async function completeChat(
  candidates: readonly ResolvedModel[],
  request: ChatRequest,
  signal: AbortSignal,
): Promise<GatewayCompletion> {
  const { result, ...served } = await route(candidates, request, signal, (provider, upstream) =>
    provider.complete({ request: upstream, signal }),
  );
  return { ...served, completion: result };
}

export async function streamChat(
  candidates: readonly ResolvedModel[],
  request: ChatRequest,
  signal: AbortSignal,
  /** Filled with the attempts that failed, in order (the panel shows why a turn fell back). */
  failed?: FailedAttempt[],
): Promise<GatewayStream> {
  const { result, ...served } = await route(
    candidates,
    request,
    signal,
    (provider, upstream) => provider.stream({ request: upstream, signal }),
    failed,
  );
  return { ...served, chunks: result };
}
