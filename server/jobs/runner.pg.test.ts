import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { jobRuns } from "@/db/schema/index";
import { withTestDb } from "@/test/db";
import { describeOnPostgres } from "@/test/pg-only";
import type { JobDefinition } from "./registry";
import { runJob } from "./runner";

const t = withTestDb();

describeOnPostgres("job locking on PostgreSQL", () => {
  it("runs a job once when two instances trigger it at the same moment", async () => {
    let running = 0;
    let maxConcurrent = 0;
    const slow: Record<string, JobDefinition> = {
      slow: {
        schedule: "* * * * *",
        description: "holds its lock for a while",
        run: async () => {
          running += 1;
          maxConcurrent = Math.max(maxConcurrent, running);
          await new Promise((resolve) => setTimeout(resolve, 300));
          running -= 1;
          return { done: true };
        },
      },
    };
    const outcomes = await Promise.all([
      runJob(t.db, "slow", "cron", slow),
      runJob(t.db, "slow", "schedule", slow),
      runJob(t.db, "slow", "cli", slow),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["ok", "skipped", "skipped"]);
    expect(maxConcurrent).toBe(1);
    expect(await t.db.select().from(jobRuns).where(eq(jobRuns.job, "slow"))).toHaveLength(1);
    // The lock is released with the transaction: the next run goes ahead.
    expect((await runJob(t.db, "slow", "cli", slow)).status).toBe("ok");
  });
});
