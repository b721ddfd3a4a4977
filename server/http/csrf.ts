import { AppError } from "../errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin this app is served from, as the browser sees it. */
export function expectedOrigin(headers: Headers, configuredUrl: string | null): string | null {
  if (configuredUrl) return new URL(configuredUrl).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}

/**
 * Cookie-authenticated requests that change state must come from our own pages. Browsers send
 * Origin on every cross-site and same-origin POST/PUT/PATCH/DELETE; Sec-Fetch-Site backs it up.
 */
export function assertSameOrigin(req: Request, configuredUrl: string | null): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin) {
    if (origin === expectedOrigin(req.headers, configuredUrl)) return;
    throw new AppError("csrf_failed", `Cross-site request refused: Origin ${origin} is not this site`);
  }
  if (req.headers.get("sec-fetch-site") === "same-origin") return;
  throw new AppError(
    "csrf_failed",
    "Cross-site request refused: a cookie-authenticated request needs an Origin header",
  );
}
