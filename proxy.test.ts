import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";
import { setEnvForTests } from "./server/platform/env";

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers: init.headers });

describe("proxy", () => {
  it("adds a request id and security headers to every response", async () => {
    const res = await proxy(request("/", { headers: { "x-request-id": "incoming-trace-01" } }));
    expect(res.headers.get("x-request-id")).toBe("incoming-trace-01");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS in production", async () => {
    setEnvForTests({ NODE_ENV: "production" });
    expect((await proxy(request("/"))).headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("redirects signed-out visitors from /app to sign-in, keeping where they were going", async () => {
    const res = await proxy(request("/app/settings?tab=members"));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("callbackUrl")).toBe("/app/settings?tab=members");
    const signedIn = await proxy(request("/app", { headers: { cookie: "authjs.session-token=x" } }));
    expect(signedIn.status).toBe(200);
  });

  it("answers CORS for allowlisted origins on /api/v1 only", async () => {
    setEnvForTests({ CORS_ALLOWED_ORIGINS: "https://agents.example" });
    const preflight = await proxy(
      request("/api/v1/orgs", { method: "OPTIONS", headers: { origin: "https://agents.example" } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://agents.example");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-brikk-signature");
    const denied = await proxy(request("/api/v1/orgs", { headers: { origin: "https://evil.example" } }));
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    const notApi = await proxy(
      request("/app", { headers: { origin: "https://agents.example", cookie: "authjs.session-token=x" } }),
    );
    expect(notApi.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("coarse per-IP limit for anonymous API calls", () => {
  it("answers 429 problem+json past the limit, and leaves credentialed calls to the routes", async () => {
    setEnvForTests({ BRIKK_RATE_LIMIT_ANONYMOUS_PER_MIN: "2" });
    const anon = () =>
      proxy(request("/api/v1/coordination/health", { headers: { "x-forwarded-for": "203.0.113.9" } }));
    expect((await anon()).status).toBe(200);
    expect((await anon()).status).toBe(200);
    const limited = await anon();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("x-ratelimit-limit")).toBe("2");
    expect((await limited.json()).code).toBe("rate_limited");
    const withKey = await proxy(
      request("/api/v1/keys/me", {
        headers: { "x-forwarded-for": "203.0.113.9", authorization: "Bearer brk_live_x" },
      }),
    );
    expect(withKey.status).toBe(200);
    const otherIp = await proxy(
      request("/api/v1/coordination/health", { headers: { "x-forwarded-for": "203.0.113.10" } }),
    );
    expect(otherIp.status).toBe(200);
    const page = await proxy(request("/", { headers: { "x-forwarded-for": "203.0.113.9" } }));
    expect(page.status).toBe(200);
  });
});
