import { noteRateLimited } from "../audit/rate-limit-rollup";
import { AppError } from "../errors";
import { clientIp } from "../platform/client-ip";
import { nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { getMetrics } from "../platform/metrics";
import { retryAfterSeconds } from "../platform/ratelimit/types";
import { getRateLimiter } from "../platform/ratelimit-policies";
import { rateLimitHeaders } from "./rate-limit";

// Failed API-key authentications (an unknown or bad key, a bad signature, a replay) count against
// a per-IP limit (BRIKK_RATE_LIMIT_AUTH_FAILURES_PER_MIN, shared through Redis when configured).
// An address over it is refused with 429 before any key lookup, so guessing keys costs the
// database nothing; its 401s and 429s carry that policy's X-RateLimit-* headers and are audited
// in the per-caller-per-minute rollup.

const POLICY = "authFailures";
const SYSTEM = { type: "system" } as const;

function isAuthFailure(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === "unauthorized" || error.code === "signature_invalid");
}

/** 429 when the caller's address has failed too often this minute; counts nothing. */
async function refuseIfOverLimit(identifier: string): Promise<void> {
  const state = await getRateLimiter(POLICY).peek(identifier);
  if (state.success) return;
  getMetrics().authFailures.inc({ outcome: "throttled" });
  noteRateLimited({ orgId: null, actor: SYSTEM, identifier, policy: POLICY });
  const retryAfter = retryAfterSeconds(state, nowMs());
  throw new AppError(
    "rate_limited",
    `Too many failed authentications from your address; retry in ${retryAfter} s`,
    { retryAfter, headers: rateLimitHeaders(state) },
  );
}

/** Counts one failure and puts the policy's headers on its 401. */
async function countFailure(identifier: string, error: AppError): Promise<AppError> {
  const state = await getRateLimiter(POLICY).limit(identifier);
  getMetrics().authFailures.inc({ outcome: "rejected" });
  noteRateLimited({ orgId: null, actor: SYSTEM, identifier, policy: POLICY, action: "auth.failed" });
  error.details.headers = { ...error.details.headers, ...rateLimitHeaders(state) };
  return error;
}

/** Runs a key check (`verify`) under the failed-authentication limit of the request's address. */
export async function guardKeyCheck<T>(req: Request, verify: () => Promise<T>): Promise<T> {
  if (!getEnv().rateLimitEnabled) return verify();
  const identifier = `ip:${clientIp(req.headers)}`;
  await refuseIfOverLimit(identifier);
  try {
    return await verify();
  } catch (error) {
    if (isAuthFailure(error)) throw await countFailure(identifier, error);
    throw error;
  }
}
