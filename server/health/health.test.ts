import { describe, expect, it } from "vitest";
import { GET as ping } from "@/app/api/inbound/%5Fping/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { GET as health } from "@/app/api/v1/coordination/health/route";
import { connectPostgres } from "@/db/client";
import { createTestDb } from "@/test/db";
import { setDbForTests } from "../platform/db";
import { setEnvForTests } from "../platform/env";
import { closeSharedRedis } from "../platform/redis";

describe("health", () => {
  it("reports ok with version, uptime and a database check", async () => {
    const handle = await createTestDb();
    setDbForTests(handle);
    try {
      const res = await health(new Request("http://x/api/v1/coordination/health"));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        status: "ok",
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        uptime_seconds: expect.any(Number),
        checks: { database: { status: "ok", driver: handle.driver } },
      });
    } finally {
      setDbForTests(undefined);
      await handle.close();
    }
  });

  it("answers 503 when the database is down, without leaking its URL", async () => {
    const dead = connectPostgres("postgres://brikk:secret@127.0.0.1:1/nothing", { max: 1 });
    setDbForTests(dead);
    try {
      const res = await health(new Request("http://x/api/v1/coordination/health"));
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ status: "down", checks: { database: { status: "down" } } });
      expect(text).not.toContain("secret");
    } finally {
      setDbForTests(undefined);
      await dead.close();
    }
  });

  it("pings without touching anything", async () => {
    expect(await (await ping(new Request("http://x/api/inbound/_ping"))).json()).toMatchObject({
      status: "ok",
    });
  });
});

describe("GET /api/metrics", () => {
  it("serves Prometheus text, behind METRICS_TOKEN when set", async () => {
    await ping(new Request("http://x/api/inbound/_ping"));
    const open = await metrics(new Request("http://x/api/metrics"));
    expect(open.headers.get("content-type")).toContain("text/plain");
    const text = await open.text();
    expect(text).toContain("# TYPE brikk_http_requests_total counter");
    expect(text).toContain("brikk_http_request_duration_seconds_bucket");
    expect(text).toMatch(
      /brikk_http_requests_total\{method="GET",route="\/api\/inbound\/_ping",status="200"\} \d+/,
    );

    setEnvForTests({ METRICS_TOKEN: "scrape-token" });
    expect((await metrics(new Request("http://x/api/metrics"))).status).toBe(401);
    expect(
      (await metrics(new Request("http://x/api/metrics", { headers: { authorization: "Bearer nope" } })))
        .status,
    ).toBe(401);
    const ok = await metrics(
      new Request("http://x/api/metrics", { headers: { authorization: "Bearer scrape-token" } }),
    );
    expect(ok.status).toBe(200);
  });
});

describe("health of the rate-limit backend", () => {
  it("reports the in-memory backend as ok", async () => {
    setEnvForTests({ REDIS_URL: "", UPSTASH_REDIS_REST_URL: "" });
    const handle = await createTestDb();
    setDbForTests(handle);
    try {
      const body = await (await health(new Request("http://x/api/v1/coordination/health"))).json();
      expect(body.checks.ratelimit).toEqual({ status: "ok", backend: "memory", fail_closed: false });
    } finally {
      setDbForTests(undefined);
      await handle.close();
    }
  });

  it("is degraded (200) when Redis is down and limits fail open, down (503) when they fail closed", async () => {
    const handle = await createTestDb();
    setDbForTests(handle);
    try {
      await closeSharedRedis(); // drop any connection an earlier test opened to a live Redis
      setEnvForTests({ REDIS_URL: "redis://127.0.0.1:1", BRIKK_RATE_LIMIT_TIMEOUT_MS: "100" });
      const open = await health(new Request("http://x/api/v1/coordination/health"));
      expect(open.status).toBe(200);
      expect(await open.json()).toMatchObject({
        status: "degraded",
        checks: { ratelimit: { status: "down", backend: "redis" } },
      });
      await closeSharedRedis();
      setEnvForTests({ REDIS_URL: "redis://127.0.0.1:1", BRIKK_RATE_LIMIT_FAIL_CLOSED: "true" });
      const closed = await health(new Request("http://x/api/v1/coordination/health"));
      expect(closed.status).toBe(503);
    } finally {
      await closeSharedRedis();
      setDbForTests(undefined);
      await handle.close();
    }
  });
});
