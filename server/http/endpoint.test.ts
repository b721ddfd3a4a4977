import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { config as proxyConfig } from "@/proxy";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { AppError } from "../errors";
import { resetEnvForTests, setEnvForTests } from "../platform/env";
import { createLogger, setLoggerForTests } from "../platform/logger";
import { getMetrics } from "../platform/metrics";
import { endpoint } from "./endpoint";

const t = withTestDb();

function captureLogs(): string[] {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).trim().split("\n"));
      done();
    },
  });
  setLoggerForTests(createLogger(sink, "info"));
  return lines;
}

afterEach(() => {
  setLoggerForTests(undefined);
});

const echo = endpoint(
  { route: "/test/echo", access: "public", body: z.strictObject({ msg: z.string() }) },
  async ({ body }) => ({ echoed: body.msg }),
);

describe("endpoint()", () => {
  it("echoes a sane X-Request-Id and mints one otherwise", async () => {
    const res = await echo(
      new Request("http://x/test/echo", {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "client-trace-0001" },
        body: '{"msg":"hi"}',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("client-trace-0001");
    expect(await res.json()).toEqual({ echoed: "hi" });
    const minted = await echo(new Request("http://x/test/echo", { method: "POST", body: "{}" }));
    expect(minted.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("sets the security headers and CORS itself (authenticated API calls skip proxy.ts)", async () => {
    setEnvForTests({ CORS_ALLOWED_ORIGINS: "https://agents.example" });
    const headers = { "content-type": "application/json", origin: "https://agents.example" };
    for (const body of ['{"msg":"hi"}', '{"msg":1}']) {
      const res = await echo(new Request("http://x/test/echo", { method: "POST", headers, body }));
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("access-control-allow-origin")).toBe("https://agents.example");
    }
    const elsewhere = await echo(
      new Request("http://x/test/echo", {
        method: "POST",
        headers: { ...headers, origin: "https://evil.example" },
        body: '{"msg":"hi"}',
      }),
    );
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
    expect(proxyConfig.matcher[1]).toEqual({
      source: "/api/v1/:path*",
      missing: [{ type: "header", key: "authorization" }],
    });
    resetEnvForTests();
  });

  it("answers validation problems as problem+json naming the field", async () => {
    const res = await echo(
      new Request("http://x/test/echo", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"msg": 1, "other": 2}',
      }),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await res.json();
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { pointer: "/msg", detail: expect.any(String) },
        { pointer: "/other", detail: 'unknown field "other"' },
      ]),
    );
    expect(problem.request_id).toBe(res.headers.get("x-request-id"));
  });

  it("turns a thrown bug into a generic 500 and logs it", async () => {
    const logs = captureLogs();
    const broken = endpoint({ route: "/test/broken", access: "public" }, async () => {
      throw new Error("secret internals: password=hunter2");
    });
    const res = await broken(new Request("http://x/test/broken"));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("hunter2");
    expect(logs.some((l) => l.includes("unhandled error"))).toBe(true);
  });

  it("writes one access-log line per request without secrets, and counts it", async () => {
    const logs = captureLogs();
    const route = endpoint({ route: "/test/log", access: "public" }, async () => {
      throw new AppError("forbidden", "no");
    });
    await route(
      new Request("http://x/test/log?x=1", {
        headers: { authorization: "Bearer brk_live_secret", cookie: "authjs.session-token=abc" },
      }),
    );
    const access = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ route: "/test/log", status: 403, method: "GET", path: "/test/log" });
    expect(JSON.stringify(logs)).not.toMatch(/brk_live_secret|session-token=abc/);
    const metrics = await getMetrics().registry.getSingleMetricAsString("brikk_http_requests_total");
    expect(metrics).toContain('route="/test/log",status="403"');
  });

  it("requires a session and an Origin for cookie-authenticated writes", async () => {
    const user = await createUser(t.db);
    const write = endpoint({ route: "/test/write", access: "signed-in" }, async ({ ctx }) => ({
      id: ctx.actor.userId,
    }));
    const anonymous = await write(new Request("http://localhost:3000/test/write", { method: "POST" }));
    expect(anonymous.status).toBe(401);
    const crossSite = await write(
      new Request("http://localhost:3000/test/write", {
        method: "POST",
        headers: { cookie: user.cookie, host: "localhost:3000", origin: "https://evil.example" },
      }),
    );
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).code).toBe("csrf_failed");
    const ok = await write(
      new Request("http://localhost:3000/test/write", {
        method: "POST",
        headers: { cookie: user.cookie, host: "localhost:3000", origin: "http://localhost:3000" },
      }),
    );
    expect(await ok.json()).toEqual({ id: user.id });
  });

  it("ignores a forged session cookie", async () => {
    const route = endpoint({ route: "/test/me", access: "signed-in" }, async ({ ctx }) => ctx.actor);
    const res = await route(
      new Request("http://x/test/me", {
        headers: { cookie: "authjs.session-token=eyJhbGciOiJkaXIifQ.forged" },
      }),
    );
    expect(res.status).toBe(401);
  });
});
