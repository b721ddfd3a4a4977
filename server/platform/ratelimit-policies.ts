import { type Env, getEnv } from "./env";
import { withFailurePolicy } from "./ratelimit/failure-policy";
import { createMemoryLimiter } from "./ratelimit/memory";
import type { RateLimiter, RateLimitPolicy } from "./ratelimit/types";
import { createUpstashLimiter } from "./ratelimit/upstash";
import { getSharedRedis } from "./redis";

// Every named limit in one place, and the one place that picks the backend: Upstash REST, a
// Redis server over TCP, or in-memory (single instance) when neither is configured.

/** Per-minute API policies: the seeds' defaults, each overridable by `BRIKK_RATE_LIMIT_<POLICY>`. */
export type ApiPolicyName = keyof Env["apiRateLimits"];
export type PolicyName = "signInByIp" | "signInByEmail" | "authFailures" | ApiPolicyName | `perKey${number}`;

const MINUTE_MS = 60_000;

function policyFor(name: PolicyName): RateLimitPolicy {
  const env = getEnv();
  if (name === "signInByIp" || name === "signInByEmail") {
    return { name, limit: env.signInLimit.limit, windowMs: env.signInLimit.windowSeconds * 1000 };
  }
  if (name === "authFailures") return { name, limit: env.authFailuresPerMin, windowMs: MINUTE_MS };
  if (name.startsWith("perKey"))
    return { name, limit: Number(name.slice("perKey".length)), windowMs: MINUTE_MS };
  return { name, limit: env.apiRateLimits[name as ApiPolicyName], windowMs: MINUTE_MS };
}

/** A key's limit: its own per-minute override, or else the route's policy. */
export function keyPolicy(key: { rateLimitPerMin: number | null }, routePolicy: ApiPolicyName): PolicyName {
  return key.rateLimitPerMin ? `perKey${key.rateLimitPerMin}` : routePolicy;
}

export function createLimiter(policy: RateLimitPolicy): RateLimiter {
  const env = getEnv();
  const backend = env.rateLimitBackend;
  if (backend.kind === "memory") return createMemoryLimiter(policy);
  const redis = getSharedRedis(backend, env.rateLimitTimeoutMs);
  return withFailurePolicy(createUpstashLimiter(redis.client, policy, `${env.redisPrefix}:rl`), policy, {
    backend: backend.kind,
    timeoutMs: env.rateLimitTimeoutMs,
    failClosed: env.rateLimitFailClosed,
  });
}

const LIMITERS_KEY = Symbol.for("brikk.ratelimiters");
type Holder = { [LIMITERS_KEY]?: Map<PolicyName, RateLimiter> };

export function getRateLimiter(name: PolicyName): RateLimiter {
  const holder = globalThis as Holder;
  holder[LIMITERS_KEY] ??= new Map();
  let limiter = holder[LIMITERS_KEY].get(name);
  if (!limiter) {
    limiter = createLimiter(policyFor(name));
    holder[LIMITERS_KEY].set(name, limiter);
  }
  return limiter;
}

export function resetRateLimitersForTests(): void {
  delete (globalThis as Holder)[LIMITERS_KEY];
}
