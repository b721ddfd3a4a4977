import { noteRateLimited } from "../audit/rate-limit-rollup";
import { AppError } from "../errors";
import { keyActorOf } from "../keys/verify";
import { clientIp } from "../platform/client-ip";
import { nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import type { RateLimitResult } from "../platform/ratelimit/types";
import { retryAfterSeconds } from "../platform/ratelimit/types";
import {
  type ApiPolicyName,
  getRateLimiter,
  keyPolicy,
  type PolicyName,
} from "../platform/ratelimit-policies";
import type { Principal } from "./authenticate";

export type RateLimitHeaders = Record<string, string>;

/** The seeds' headers; Reset is the number of seconds until the window has room again. */
export function rateLimitHeaders(result: RateLimitResult): RateLimitHeaders {
  return {
    "x-ratelimit-limit": String(result.limit),
    "x-ratelimit-remaining": String(Math.max(0, result.remaining)),
    "x-ratelimit-reset": String(retryAfterSeconds(result, nowMs())),
  };
}

/**
 * Checks the request against its policy. Precedence: a key's own per-minute override, then the
 * route's named policy (itself defaulting to BRIKK_RATE_LIMIT_PER_MIN). Keyed by API key, by
 * user for sessions, by IP when anonymous; org owners' and admins' dashboard sessions are exempt.
 * Returns the headers to send, or null when no limit applies; throws 429 when over the limit.
 */
export async function enforceRateLimit(
  req: Request,
  principal: Principal | { kind: "session"; userId: string } | null,
  policy: ApiPolicyName,
): Promise<RateLimitHeaders | null> {
  if (!getEnv().rateLimitEnabled) return null;
  if (principal?.kind === "user" && (principal.role === "owner" || principal.role === "admin")) return null;

  let name: PolicyName = policy;
  let identifier: string;
  if (principal?.kind === "agent" || principal?.kind === "management") {
    name = keyPolicy(principal.key.key, policy);
    identifier = `key:${principal.key.key.id}`;
  } else if (principal?.kind === "user") {
    identifier = `user:${principal.user.userId}`;
  } else if (principal?.kind === "session") {
    identifier = `user:${principal.userId}`;
  } else {
    identifier = `ip:${clientIp(req.headers)}`;
  }
  const result = await getRateLimiter(name).limit(identifier);
  const headers = rateLimitHeaders(result);
  if (!result.success) {
    if (principal && principal.kind !== "session") {
      noteRateLimited({
        orgId: principal.org.id,
        actor:
          principal.kind === "user"
            ? { type: "user", userId: principal.user.userId }
            : keyActorOf(principal.key),
        identifier,
        policy: name,
      });
    }
    const retryAfter = retryAfterSeconds(result, nowMs());
    throw new AppError(
      "rate_limited",
      `Rate limit of ${result.limit} requests per minute exceeded; retry in ${retryAfter} s`,
      {
        retryAfter,
        headers,
      },
    );
  }
  return headers;
}
