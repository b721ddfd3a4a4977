import { getEnv } from "./env";
import { createMemoryLimiter } from "./ratelimit/memory";
import type { RateLimiter, RateLimitPolicy } from "./ratelimit/types";

// Every named limit in one place. The backend is chosen here too: in-memory for now; the Redis
// and Upstash backends plug in behind the same RateLimiter interface.

export type PolicyName = "signInByIp" | "signInByEmail";

function policyFor(name: PolicyName): RateLimitPolicy {
  const env = getEnv();
  switch (name) {
    case "signInByIp":
    case "signInByEmail":
      return { name, limit: env.signInLimit.limit, windowMs: env.signInLimit.windowSeconds * 1000 };
  }
}

const LIMITERS_KEY = Symbol.for("brikk.ratelimiters");
type Holder = { [LIMITERS_KEY]?: Map<PolicyName, RateLimiter> };

export function getRateLimiter(name: PolicyName): RateLimiter {
  const holder = globalThis as Holder;
  holder[LIMITERS_KEY] ??= new Map();
  let limiter = holder[LIMITERS_KEY].get(name);
  if (!limiter) {
    limiter = createMemoryLimiter(policyFor(name));
    holder[LIMITERS_KEY].set(name, limiter);
  }
  return limiter;
}

export function resetRateLimitersForTests(): void {
  delete (globalThis as Holder)[LIMITERS_KEY];
}
