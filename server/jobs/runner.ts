import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema/index";
import { now } from "../platform/clock";
import { getLogger } from "../platform/logger";
import { getMetrics } from "../platform/metrics";
import { JOBS, type JobDefinition } from "./registry";
import { withSessionLock } from "./session-lock";

export type JobTrigger = "cron" | "cli" | "schedule";

export type JobOutcome =
  | { status: "ok"; result: Record<string, unknown>; durationMs: number }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: string; durationMs: number };

/**
 * Runs a job inside one transaction that holds a transaction-scoped advisory lock (a batched job:
 * under a session-level one), so two instances (or a cron call racing the in-process schedule)
 * never run the same job at once; the loser is skipped. The lock is released with the transaction
 * (or the session), even if the process dies.
 */
export async function runJob(
  db: Db,
  name: string,
  trigger: JobTrigger,
  registry: Record<string, JobDefinition> = JOBS,
): Promise<JobOutcome> {
  const job = registry[name];
  if (!job) throw new Error(`unknown job ${name}`);
  const startedAt = now();
  const t0 = performance.now();
  const log = getLogger().child({ job: name, trigger });
  const metrics = getMetrics();
  try {
    const outcome = job.batched
      ? await withSessionLock(db, `brikk-job:${name}`, () => job.run({ db, actor: { type: "system" } }))
      : await db.transaction(async (tx) => {
          const rows = await tx.execute<{ locked: boolean }>(
            sql`select pg_try_advisory_xact_lock(hashtextextended(${`brikk-job:${name}`}, 0)) as locked`,
          );
          if (!lockAcquired(rows)) return null;
          return job.run({ db: tx, actor: { type: "system" } });
        });
    if (outcome === null) {
      metrics.jobRuns.inc({ job: name, outcome: "skipped" });
      log.info("job skipped: another run holds the lock");
      return { status: "skipped", reason: "another run of this job is in progress" };
    }
    const durationMs = Math.round(performance.now() - t0);
    await db.insert(jobRuns).values({
      job: name,
      trigger,
      status: "ok",
      result: outcome,
      durationMs,
      startedAt,
      finishedAt: now(),
    });
    metrics.jobRuns.inc({ job: name, outcome: "ok" });
    log.info({ result: outcome, duration_ms: durationMs }, "job finished");
    return { status: "ok", result: outcome, durationMs };
  } catch (error) {
    const durationMs = Math.round(performance.now() - t0);
    const message = error instanceof Error ? error.message : String(error);
    metrics.jobRuns.inc({ job: name, outcome: "failed" });
    log.error({ err: error }, "job failed");
    await db
      .insert(jobRuns)
      .values({
        job: name,
        trigger,
        status: "failed",
        error: message,
        durationMs,
        startedAt,
        finishedAt: now(),
      })
      .catch((e) => log.error({ err: e }, "could not record failed job run"));
    return { status: "failed", error: message, durationMs };
  }
}

// postgres.js returns an array of rows; PGlite returns { rows }.
function lockAcquired(result: unknown): boolean {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows;
  const first = rows?.[0] as { locked?: boolean } | undefined;
  return first?.locked === true;
}
