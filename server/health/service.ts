import { sql } from "drizzle-orm";
import pkg from "@/package.json";
import { getDbHandle } from "../platform/db";
import { getEnv } from "../platform/env";
import { getSharedRedis } from "../platform/redis";

type Check = { status: "ok" | "down"; latency_ms?: number; error?: string };

export type HealthReport = {
  /** down: the API cannot serve. degraded: it serves, without a shared rate limit (fail-open). */
  status: "ok" | "degraded" | "down";
  version: string;
  uptime_seconds: number;
  checks: {
    database: Check & { driver?: string };
    ratelimit: Check & { backend: string; fail_closed: boolean };
  };
};

const CHECK_TIMEOUT_MS = 2_000;

async function timed<T>(probe: () => Promise<T>): Promise<Check & { value?: T }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    const value = await Promise.race([probe(), timeout]);
    return { status: "ok", value, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    // The message says what failed (refused, timeout) without connection strings.
    const message = error instanceof Error ? error.message.replace(/\w+:\/\/\S+/g, "[url]") : "unknown";
    return { status: "down", error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(): Promise<HealthReport> {
  const env = getEnv();
  const backend = env.rateLimitBackend;
  const [db, limiter] = await Promise.all([
    timed(async () => {
      const handle = await getDbHandle();
      await handle.db.execute(sql`select 1`);
      return handle.driver;
    }),
    backend.kind === "memory"
      ? Promise.resolve<Check>({ status: "ok" })
      : timed(() => getSharedRedis(backend, env.rateLimitTimeoutMs).ping()),
  ]);
  const { value: driver, ...database } = db;
  const ratelimit = {
    status: limiter.status,
    ...(limiter.latency_ms !== undefined ? { latency_ms: limiter.latency_ms } : {}),
    ...(limiter.error ? { error: limiter.error } : {}),
    backend: backend.kind,
    fail_closed: env.rateLimitFailClosed,
  };
  const limiterBlocks = ratelimit.status === "down" && env.rateLimitFailClosed;
  const status =
    database.status === "down" || limiterBlocks ? "down" : ratelimit.status === "down" ? "degraded" : "ok";
  return {
    status,
    version: pkg.version,
    uptime_seconds: Math.round(process.uptime()),
    checks: { database: { ...database, ...(driver ? { driver } : {}) }, ratelimit },
  };
}
