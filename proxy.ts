import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIES } from "@/server/auth/cookies";
import { resolveRequestId } from "@/server/http/request-id";
import { contentSecurityPolicy, corsHeaders, securityHeaders } from "@/server/http/security-headers";
import { getEnv } from "@/server/platform/env";

// Runs before every route (Node runtime): request id, security headers, CORS for the public
// API, and a cheap redirect of signed-out visitors away from the dashboard. The dashboard's
// layout still verifies the session itself; this only saves a round trip.

export function proxy(req: NextRequest) {
  const env = getEnv();
  const requestId = resolveRequestId(req.headers.get("x-request-id"));
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, {
    dev: env.nodeEnv === "development",
    githubOAuth: env.github !== null,
  });
  const { pathname } = req.nextUrl;
  const isPublicApi = pathname.startsWith("/api/v1/");
  const cors = isPublicApi ? corsHeaders(req.headers.get("origin"), env.corsOrigins) : null;

  let response: NextResponse;
  if (isPublicApi && req.method === "OPTIONS") {
    response = new NextResponse(null, { status: 204 });
  } else if (pathname.startsWith("/app") && !hasSessionCookie(req)) {
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

function hasSessionCookie(req: NextRequest): boolean {
  return SESSION_COOKIES.some((name) => req.cookies.has(name) || req.cookies.has(`${name}.0`));
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
