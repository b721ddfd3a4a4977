import path from "node:path";
import { flushRateLimitRollup } from "../audit/rate-limit-rollup";
import { ensureDemoUser } from "../auth/demo";
import { startInProcessSchedule } from "../jobs/schedule";
import { startHealthProbes } from "../llm/health-probes";
import { getDb } from "../platform/db";
import { ConfigError, getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { processGlobal } from "../platform/process-global";
import { getSecrets } from "../platform/secrets";
import { flushAllWriteBehind } from "../platform/write-behind";

/**
 * Runs once when the server process starts: validate configuration, resolve secrets, open and
 * migrate the database, seed, print the demo login, start the in-process schedule. Any
 * configuration error stops the process with a message naming the variable.
 */
export function bootstrap(): Promise<void> {
  // Once per process: the listener (server/runtime) runs it before it listens, and Next's
  // instrumentation hook, in another bundle, runs it again when it loads.
  return processGlobal("bootstrap", () => ({ done: start() })).done;
}

async function start(): Promise<void> {
  try {
    const env = getEnv();
    const secrets = getSecrets();
    const db = await getDb();
    const log = getLogger();

    if (env.seedDemo) {
      const password = env.demoPassword ?? secrets.demoPassword;
      if (!password) {
        throw new ConfigError(
          "BRIKK_SEED_DEMO=true in server mode needs BRIKK_DEMO_PASSWORD (at least 10 characters)",
        );
      }
      await ensureDemoUser(db, env.demoEmail, password);
      printBanner(env.mode, env.dataDir, env.port, { email: env.demoEmail, password });
    } else {
      printBanner(env.mode, env.dataDir, env.port, null);
    }
    if (env.jobsInProcess) startInProcessSchedule();
    if (env.llm.healthcheckIntervalMs > 0) startHealthProbes(env.llm.healthcheckIntervalMs);
    // Best effort: write what is queued behind responses before the process goes away.
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(
        signal,
        () => void Promise.all([flushAllWriteBehind(), flushRateLimitRollup({ all: true })]),
      );
    }
    log.info({ mode: env.mode }, "brikk started");
  } catch (error) {
    if (error instanceof ConfigError || (error as Error).name === "DataDirLockedError") {
      console.error(`\nBrikk cannot start: ${(error as Error).message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function printBanner(
  mode: "embedded" | "server",
  dataDir: string,
  port: number,
  demo: { email: string; password: string } | null,
): void {
  const where =
    mode === "embedded"
      ? `embedded mode (PGlite in ${path.resolve(dataDir, "pglite")})`
      : "server mode (PostgreSQL)";
  const lines = [`Brikk is running in ${where}`, `Open http://localhost:${port}`];
  if (demo) lines.push(`Demo login: ${demo.email} / ${demo.password}`);
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = "─".repeat(width);
  console.info(`\n┌${bar}┐\n${lines.map((l) => `│  ${l.padEnd(width - 2)}│`).join("\n")}\n└${bar}┘\n`);
}
