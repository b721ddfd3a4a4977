import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";
import { setEnvForTests } from "./server/platform/env";

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers: init.headers });

describe("proxy", () => {
  it("adds a request id and security headers to every response", () => {
    const res = proxy(request("/", { headers: { "x-request-id": "incoming-trace-01" } }));
    expect(res.headers.get("x-request-id")).toBe("incoming-trace-01");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS in production", () => {
    setEnvForTests({ NODE_ENV: "production" });
    expect(proxy(request("/")).headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("redirects signed-out visitors from /app to sign-in, keeping where they were going", () => {
    const res = proxy(request("/app/settings?tab=members"));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("callbackUrl")).toBe("/app/settings?tab=members");
    const signedIn = proxy(request("/app", { headers: { cookie: "authjs.session-token=x" } }));
    expect(signedIn.status).toBe(200);
  });

  it("answers CORS for allowlisted origins on /api/v1 only", () => {
    setEnvForTests({ CORS_ALLOWED_ORIGINS: "https://agents.example" });
    const preflight = proxy(
      request("/api/v1/orgs", { method: "OPTIONS", headers: { origin: "https://agents.example" } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://agents.example");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-brikk-signature");
    const denied = proxy(request("/api/v1/orgs", { headers: { origin: "https://evil.example" } }));
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    const notApi = proxy(
      request("/app", { headers: { origin: "https://agents.example", cookie: "authjs.session-token=x" } }),
    );
    expect(notApi.headers.get("access-control-allow-origin")).toBeNull();
  });
});
