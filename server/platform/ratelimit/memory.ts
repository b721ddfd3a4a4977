import { nowMs } from "../clock";
import type { RateLimiter, RateLimitPolicy, RateLimitResult } from "./types";

// Sliding window approximated from two fixed windows, the same algorithm as
// @upstash/ratelimit's slidingWindow, so the in-memory backend behaves like the Redis ones.
// Single-process only: that is what embedded mode is.

type Bucket = { window: number; current: number; previous: number };

const MAX_KEYS_BEFORE_SWEEP = 10_000;

export function createMemoryLimiter(policy: RateLimitPolicy): RateLimiter {
  const buckets = new Map<string, Bucket>();

  function sweep(window: number) {
    for (const [key, bucket] of buckets) if (bucket.window < window - 1) buckets.delete(key);
  }

  /** The identifier's bucket moved to the current window, and its weighted count. */
  function current(identifier: string) {
    const key = `${policy.name}:${identifier}`;
    const at = nowMs();
    const window = Math.floor(at / policy.windowMs);
    if (buckets.size > MAX_KEYS_BEFORE_SWEEP) sweep(window);

    let bucket = buckets.get(key);
    if (!bucket || bucket.window < window - 1) {
      bucket = { window, current: 0, previous: 0 };
    } else if (bucket.window === window - 1) {
      bucket = { window, current: 0, previous: bucket.current };
    }
    buckets.set(key, bucket);

    const elapsedFraction = (at % policy.windowMs) / policy.windowMs;
    const weighted = Math.floor(bucket.previous * (1 - elapsedFraction)) + bucket.current;
    return { bucket, weighted, reset: (window + 1) * policy.windowMs };
  }

  return {
    async limit(identifier: string): Promise<RateLimitResult> {
      const { bucket, weighted, reset } = current(identifier);
      if (weighted >= policy.limit) {
        return { success: false, limit: policy.limit, remaining: 0, reset };
      }
      bucket.current += 1;
      return { success: true, limit: policy.limit, remaining: policy.limit - weighted - 1, reset };
    },
    async peek(identifier: string): Promise<RateLimitResult> {
      const { weighted, reset } = current(identifier);
      const remaining = Math.max(0, policy.limit - weighted);
      return { success: remaining > 0, limit: policy.limit, remaining, reset };
    },
    async reset(identifier: string) {
      buckets.delete(`${policy.name}:${identifier}`);
    },
  };
}
