// Headers every response carries. The CSP uses a per-request nonce so Next.js can mark its own
// inline scripts; everything else must come from this origin.

export function contentSecurityPolicy(
  nonce: string,
  options: { dev: boolean; githubOAuth: boolean; stripe?: boolean },
): string {
  // Stripe.js loads from js.stripe.com (allowed by 'strict-dynamic', since our own script adds it),
  // renders the Payment Element in its frames and talks to api.stripe.com.
  const stripe = options.stripe ?? false;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: https://avatars.githubusercontent.com${stripe ? " https://*.stripe.com" : ""}`,
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws:" : ""}${stripe ? " https://api.stripe.com" : ""}`,
    ...(stripe ? ["frame-src https://js.stripe.com https://hooks.stripe.com"] : []),
    "object-src 'none'",
    "base-uri 'self'",
    // OAuth sign-in posts a form that redirects to GitHub.
    `form-action 'self'${options.githubOAuth ? " https://github.com" : ""}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON answers load nothing: the strictest policy, and no per-request nonce to make. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(options: { production: boolean; csp: string }): Record<string, string> {
  return {
    "content-security-policy": options.csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(options.production
      ? { "strict-transport-security": "max-age=63072000; includeSubDomains; preload" }
      : {}),
  };
}

const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "idempotency-key",
  "x-request-id",
  "x-brikk-api-key",
  "x-brikk-key-id",
  "x-brikk-timestamp",
  "x-brikk-signature",
].join(", ");

const CORS_EXPOSED_HEADERS = [
  "x-request-id",
  "retry-after",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
].join(", ");

/** CORS headers for an allowed origin, or null when the origin is not on the allowlist. */
export function corsHeaders(origin: string | null, allowlist: string[]): Record<string, string> | null {
  if (!origin) return null;
  const allowed = allowlist.includes(origin) || allowlist.includes("*");
  if (!allowed) return null;
  return {
    "access-control-allow-origin": allowlist.includes("*") ? "*" : origin,
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": CORS_ALLOWED_HEADERS,
    "access-control-expose-headers": CORS_EXPOSED_HEADERS,
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

/**
 * What every public-API response carries: the security headers with the API policy, and CORS
 * for allowlisted origins. Set by the routes themselves, because an authenticated API call does
 * not run through proxy.ts (see its matcher).
 */
export function apiResponseHeaders(
  origin: string | null,
  env: { isProduction: boolean; corsOrigins: string[] },
): Record<string, string> {
  return {
    ...securityHeaders({ production: env.isProduction, csp: API_CSP }),
    ...corsHeaders(origin, env.corsOrigins),
  };
}
