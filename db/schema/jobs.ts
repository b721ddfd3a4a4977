import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";

export const jobRuns = pgTable(
  "job_runs",
  {
    id: idColumn("jobRun"),
    job: text().notNull(),
    /** `cron` (HTTP route), `cli`, or `schedule` (in-process, embedded mode). */
    trigger: text().notNull(),
    status: text({ enum: ["ok", "failed"] }).notNull(),
    result: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    durationMs: integer().notNull(),
    startedAt: timestampColumn().notNull(),
    finishedAt: timestampColumn().notNull(),
  },
  (t) => [index().on(t.job, t.startedAt)],
);

export type JobRun = typeof jobRuns.$inferSelect;
