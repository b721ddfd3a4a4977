import { AppError } from "../../errors";
import { nowMs } from "../clock";
import { getLogger } from "../logger";
import { getMetrics } from "../metrics";
import type { RateLimiter, RateLimitPolicy } from "./types";

export type FailurePolicy = { backend: string; timeoutMs: number; failClosed: boolean };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`rate-limit backend did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A limiter whose backend may be unreachable never hangs a request: after `timeoutMs` it either
 * lets the request through (fail open: logged and counted) or answers 503 (fail closed).
 */
export function withFailurePolicy(
  limiter: RateLimiter,
  policy: RateLimitPolicy,
  options: FailurePolicy,
): RateLimiter {
  const onFailure = (error: unknown) => {
    getMetrics().rateLimitBackendErrors.inc({ backend: options.backend, policy: policy.name });
    getLogger().error(
      { err: error, backend: options.backend, policy: policy.name },
      "rate-limit backend failed",
    );
    if (options.failClosed) {
      throw new AppError("service_unavailable", "Rate limiting is temporarily unavailable; retry shortly", {
        retryAfter: 1,
      });
    }
    return { success: true, limit: policy.limit, remaining: policy.limit, reset: nowMs() + policy.windowMs };
  };
  return {
    limit: (identifier) => withTimeout(limiter.limit(identifier), options.timeoutMs).catch(onFailure),
    peek: (identifier) => withTimeout(limiter.peek(identifier), options.timeoutMs).catch(onFailure),
    reset: (identifier) => withTimeout(limiter.reset(identifier), options.timeoutMs),
  };
}
