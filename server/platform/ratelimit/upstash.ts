import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import type { RateLimiter, RateLimitPolicy } from "./types";

/**
 * A limiter backed by Redis through @upstash/ratelimit (sliding window), shared by every app
 * instance that points at the same Redis. `prefix` namespaces keys (per deployment, per test file).
 */
export function createUpstashLimiter(redis: Redis, policy: RateLimitPolicy, prefix: string): RateLimiter {
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowMs} ms`),
    prefix: `${prefix}:${policy.name}`,
    // Analytics would add a write per call; metrics cover it.
    analytics: false,
    // Do not cache "blocked" answers in-process: a reset or a raised limit must take effect now.
    ephemeralCache: false,
  });
  return {
    async limit(identifier) {
      const result = await ratelimit.limit(identifier);
      return {
        success: result.success,
        limit: result.limit,
        remaining: result.remaining,
        reset: result.reset,
      };
    },
    async peek(identifier) {
      const state = await ratelimit.getRemaining(identifier);
      const remaining = Math.max(0, state.remaining);
      return { success: remaining > 0, limit: state.limit, remaining, reset: state.reset };
    },
    async reset(identifier) {
      await ratelimit.resetUsedTokens(identifier);
    },
  };
}
