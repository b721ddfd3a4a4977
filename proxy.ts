import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIES } from "@/server/auth/cookies";
import { AppError } from "@/server/errors";
import { problemFor } from "@/server/http/problem";
import { rateLimitHeaders } from "@/server/http/rate-limit";
import { contentSecurityPolicy, corsHeaders, securityHeaders } from "@/server/http/security-headers";
import { clientIp } from "@/server/platform/client-ip";
import { nowMs } from "@/server/platform/clock";
import { getEnv } from "@/server/platform/env";
import { retryAfterSeconds } from "@/server/platform/ratelimit/types";
import { getRateLimiter } from "@/server/platform/ratelimit-policies";
import { resolveRequestId } from "@/server/platform/request-id";

// Runs before every route (Node runtime): request id, security headers, CORS for the public
// API, and a cheap redirect of signed-out visitors away from the dashboard. The dashboard's
// layout still verifies the session itself; this only saves a round trip.

export async function proxy(req: NextRequest) {
  const env = getEnv();
  const requestId = resolveRequestId(req.headers.get("x-request-id"));
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: env.nodeEnv === "development",
    githubOAuth: env.github !== null,
    stripe: env.stripe !== null,
  });
  const { pathname } = req.nextUrl;
  const isPublicApi = pathname.startsWith("/api/v1/");
  const cors = isPublicApi ? corsHeaders(req.headers.get("origin"), env.corsOrigins) : null;

  let response: NextResponse;
  const anonymousLimit =
    isPublicApi && req.method !== "OPTIONS" && !hasCredentials(req) ? await limitAnonymous(req) : null;
  if (anonymousLimit) {
    response = NextResponse.json(anonymousLimit.problem, { status: 429, headers: anonymousLimit.headers });
    response.headers.set("content-type", "application/problem+json");
  } else if (isPublicApi && req.method === "OPTIONS") {
    response = new NextResponse(null, { status: 204 });
  } else if ((pathname.startsWith("/app") || pathname.startsWith("/sandbox")) && !hasSessionCookie(req)) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("callbackUrl", pathname + req.nextUrl.search);
    response = NextResponse.redirect(signIn);
  } else {
    const forwarded = new Headers(req.headers);
    forwarded.set("x-request-id", requestId);
    forwarded.set("x-nonce", nonce);
    // Next.js reads the nonce from the request's CSP header and applies it to its scripts.
    forwarded.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers: forwarded } });
  }

  response.headers.set("x-request-id", requestId);
  for (const [name, value] of Object.entries(securityHeaders({ production: env.isProduction, csp }))) {
    response.headers.set(name, value);
  }
  for (const [name, value] of Object.entries(cors ?? {})) response.headers.set(name, value);
  return response;
}

const STRIPE_WEBHOOK_PATH = "/api/v1/billing/webhooks/stripe";

/** Requests with a key or a session are limited per key or user by the route; these are not. */
function hasCredentials(req: NextRequest): boolean {
  // Stripe's deliveries are authenticated by their signature, checked by the webhook route.
  if (req.nextUrl.pathname === STRIPE_WEBHOOK_PATH && req.headers.has("stripe-signature")) return true;
  return (
    hasSessionCookie(req) ||
    req.headers.has("authorization") ||
    req.headers.has("x-brikk-api-key") ||
    req.headers.has("x-brikk-signature")
  );
}

async function limitAnonymous(req: NextRequest) {
  if (!getEnv().rateLimitEnabled) return null;
  const result = await getRateLimiter("anonymous").limit(`ip:${clientIp(req.headers)}`);
  if (result.success) return null;
  const headers = { ...rateLimitHeaders(result), "retry-after": String(retryAfterSeconds(result, nowMs())) };
  const problem = problemFor(
    new AppError(
      "rate_limited",
      "Too many unauthenticated requests from your address; slow down or send an API key",
    ),
    resolveRequestId(req.headers.get("x-request-id")),
  );
  return { headers, problem };
}

function hasSessionCookie(req: NextRequest): boolean {
  return SESSION_COOKIES.some((name) => req.cookies.has(name) || req.cookies.has(`${name}.0`));
}

// An authenticated call to the public API skips the proxy: invoking it at all doubles what Next
// spends on a cheap request (bench/README.md), and endpoint() sets the request id, the security
// and CORS headers and checks the caller itself. Everything else runs through it, including
// /api/v1 without an Authorization header (preflights, anonymous calls to limit, X-Brikk-API-Key).
// /api/bench/* (off in production) is the bare baseline of bench:echo, measured the same way.
export const config = {
  matcher: [
    "/((?!api/v1/|api/bench/|_next/static|_next/image|favicon.ico|icon.svg).*)",
    { source: "/api/v1/:path*", missing: [{ type: "header", key: "authorization" }] },
  ],
};
