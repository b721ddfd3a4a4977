import { sql } from "drizzle-orm";
import pkg from "@/package.json";
import { getDbHandle } from "../platform/db";

export type HealthReport = {
  status: "ok" | "down";
  version: string;
  uptime_seconds: number;
  checks: { database: { status: "ok" | "down"; driver?: string; latency_ms?: number; error?: string } };
};

const DB_CHECK_TIMEOUT_MS = 2_000;

export async function checkHealth(): Promise<HealthReport> {
  const database = await checkDatabase();
  return {
    status: database.status,
    version: pkg.version,
    uptime_seconds: Math.round(process.uptime()),
    checks: { database },
  };
}

async function checkDatabase(): Promise<HealthReport["checks"]["database"]> {
  const started = performance.now();
  try {
    const probe = (async () => {
      const handle = await getDbHandle();
      await handle.db.execute(sql`select 1`);
      return handle.driver;
    })();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${DB_CHECK_TIMEOUT_MS} ms`)),
        DB_CHECK_TIMEOUT_MS,
      ).unref(),
    );
    const driver = await Promise.race([probe, timeout]);
    return { status: "ok", driver, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    // The message says what failed (refused, timeout) without connection strings.
    const message =
      error instanceof Error ? error.message.replace(/postgres(ql)?:\/\/\S+/g, "[url]") : "unknown";
    return { status: "down", error: message };
  }
}
