import { describe, expect, it } from "vitest";
import { isId } from "@/db/ids";
import { AppError } from "../errors";
import { clientIp } from "../platform/client-ip";
import { resolveRequestId } from "../platform/request-id";
import { problemFor, problemResponse } from "./problem";
import { contentSecurityPolicy, corsHeaders, securityHeaders } from "./security-headers";

describe("request ids", () => {
  it("keeps a sane incoming id and replaces anything else", () => {
    expect(resolveRequestId("trace-1234abcd")).toBe("trace-1234abcd");
    expect(isId("request", resolveRequestId(null))).toBe(true);
    expect(isId("request", resolveRequestId("short"))).toBe(true);
    expect(isId("request", resolveRequestId("bad id with spaces and\nnewline"))).toBe(true);
    expect(isId("request", resolveRequestId("x".repeat(129)))).toBe(true);
  });
});

describe("problem+json", () => {
  it("maps an AppError to RFC 9457 fields with code and request id", async () => {
    const error = new AppError("rate_limited", "Slow down", { retryAfter: 7 });
    expect(problemFor(error, "req_1")).toEqual({
      type: "/docs/errors#rate_limited",
      title: "Too many requests",
      status: 429,
      detail: "Slow down",
      code: "rate_limited",
      request_id: "req_1",
      retry_after: 7,
    });
    const res = problemResponse(error, "req_1");
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("7");
  });

  it("hides unknown errors behind a generic 500", async () => {
    const res = problemResponse(new Error("relation users does not exist at /srv/app.js:12"), "req_2");
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toMatch(/relation|srv|app\.js/);
    expect(JSON.parse(body)).toMatchObject({ code: "internal", request_id: "req_2" });
  });

  it("adds WWW-Authenticate to 401s", () => {
    const res = problemResponse(new AppError("unauthorized", "Sign in"), "req_3");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="brikk"');
  });
});

describe("client ip", () => {
  it("reads the address the listener decided (the last X-Forwarded-For entry), never X-Real-IP", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.1.1.1, 10.0.0.7" }))).toBe("10.0.0.7");
    // A header any client can send: believing it would let one pick its own per-IP bucket.
    expect(clientIp(new Headers({ "x-real-ip": "2.2.2.2" }))).toBe("unknown");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});

describe("security headers", () => {
  it("sends HSTS only in production and a nonce-based CSP", () => {
    const csp = contentSecurityPolicy("abc", { dev: false, githubOAuth: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", { dev: true, githubOAuth: true })).toContain("https://github.com");
    expect(securityHeaders({ production: false, csp })["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders({ production: true, csp })).toMatchObject({
      "strict-transport-security": expect.stringContaining("max-age="),
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
    });
  });

  it("answers CORS only for allowlisted origins", () => {
    expect(corsHeaders("https://a.example", ["https://a.example"])?.["access-control-allow-origin"]).toBe(
      "https://a.example",
    );
    expect(corsHeaders("https://evil.example", ["https://a.example"])).toBeNull();
    expect(corsHeaders(null, ["https://a.example"])).toBeNull();
  });
});
