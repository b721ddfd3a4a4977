import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema/index";
import { proxy } from "@/proxy";
import { withTestDb } from "@/test/db";
import { agentKeyFor } from "@/test/llm-kit";
import { serveApi } from "@/test/route-server";
import { flushRateLimitRollup } from "../audit/rate-limit-rollup";
import { keyCache } from "../keys/verify";
import { setEnvForTests } from "../platform/env";
import { getMetrics } from "../platform/metrics";
import type { NextHandler } from "./listener";
import { sendWebResponse } from "./node-bridge";

// Per-IP limits through `npm start`'s real listener: a client cannot pick its own bucket with
// X-Forwarded-For, and guessing keys is throttled before the database sees the guesses.

const t = withTestDb();
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
  keyCache().clear();
});

/** Next.js stand-in: proxy.ts decides, as it does before any route when Next serves a request. */
const viaProxy: NextHandler = async (req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const response = await proxy(new NextRequest(`http://${req.headers.host}${req.url}`, { headers }));
  const passed = response.headers.has("x-middleware-next");
  await sendWebResponse(res, passed ? new Response("reached the route", { status: 200 }) : response);
};

async function start(next?: NextHandler) {
  const server = await serveApi(next);
  close = server.close;
  return server.base;
}

const randomIp = () => `${[1, 2, 3, 4].map(() => Math.floor(Math.random() * 250) + 1).join(".")}`;
const bogusKey = () => `brk_live_${randomBytes(32).toString("base64url").replace(/[-_]/g, "x").slice(0, 43)}`;

/** `total` requests, `concurrency` at a time; the statuses in order of completion. */
async function flood(total: number, concurrency: number, send: (i: number) => Promise<Response>) {
  const responses: Response[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const res = await send(i);
        await res.arrayBuffer();
        responses.push(res);
      }
    }),
  );
  return responses;
}

async function lookups(): Promise<number> {
  const metric = await getMetrics().apiKeyLookups.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

describe("per-IP limits through the listener", () => {
  it("keeps the anonymous ceiling (300/min) whatever X-Forwarded-For a client sends", async () => {
    const base = await start(viaProxy);
    const responses = await flood(400, 10, () =>
      fetch(`${base}/api/v1/agents`, { headers: { "x-forwarded-for": randomIp() } }),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(100);
    expect(limited[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("believes X-Forwarded-For only from a trusted proxy, and then the rightmost untrusted entry", async () => {
    setEnvForTests({ BRIKK_TRUSTED_PROXIES: "127.0.0.1/32", BRIKK_RATE_LIMIT_ANONYMOUS_PER_MIN: "5" });
    const base = await start(viaProxy);
    // Behind our proxy, ten different clients are ten buckets, however much each one forges.
    const spread = await flood(10, 2, (i) =>
      fetch(`${base}/api/v1/agents`, { headers: { "x-forwarded-for": `6.6.6.6, 203.0.113.${i + 1}` } }),
    );
    expect(spread.every((r) => r.status === 200)).toBe(true);
    // One client forging the left part of the header is still one client.
    const forged = await flood(10, 2, () =>
      fetch(`${base}/api/v1/agents`, { headers: { "x-forwarded-for": `${randomIp()}, 198.51.100.7` } }),
    );
    expect(forged.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it("throttles a flood of made-up keys per IP before any key lookup, and audits it", async () => {
    setEnvForTests({ BRIKK_RATE_LIMIT_AUTH_FAILURES_PER_MIN: "60" });
    const { key } = await agentKeyFor(t.db);
    const base = await start();
    const call = (secret: string, ip = randomIp()) =>
      fetch(`${base}/api/v1/keys/me`, {
        headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": ip },
      });
    // An agent that was already calling keeps working: its key is known to this process.
    expect((await call(key)).status).toBe(200);

    const before = await lookups();
    const concurrency = 10;
    const started = Date.now();
    const responses = await flood(1_500, concurrency, () => call(bogusKey()));
    const elapsedSeconds = (Date.now() - started) / 1000;
    const lookedUp = (await lookups()) - before;
    const refused = responses.filter((r) => r.status === 401);
    const throttled = responses.filter((r) => r.status === 429);
    expect(refused.length + throttled.length).toBe(1_500);
    // Past the limit: the checks already in flight when it was reached, and what the sliding
    // window gives back as the run's seconds pass (60/min is one a second).
    expect(refused.length).toBeGreaterThanOrEqual(60);
    expect(refused.length).toBeLessThanOrEqual(60 + concurrency + Math.ceil(elapsedSeconds));
    expect(lookedUp).toBe(refused.length);
    expect(refused[0]?.headers.get("x-ratelimit-limit")).toBe("60");
    expect(throttled[0]?.headers.get("x-ratelimit-limit")).toBe("60");
    expect(throttled[0]?.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(throttled[0]?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(key)).status).toBe(200);

    await flushRateLimitRollup({ all: true });
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, "platform"), eq(auditEvents.actor, "system")));
    const failed = rows.filter((r) => r.action === "auth.failed");
    const limited = rows.filter((r) => r.action === "rate_limit.exceeded");
    expect(failed.reduce((n, r) => n + Number(r.metadata.rejected), 0)).toBe(refused.length);
    expect(limited.reduce((n, r) => n + Number(r.metadata.rejected), 0)).toBe(throttled.length);
    expect(failed[0]?.metadata).toMatchObject({ caller: "ip:127.0.0.1", policy: "authFailures" });
  });
});
