import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { GET as cronRoute } from "@/app/api/cron/[job]/route";
import { invitations, jobRuns } from "@/db/schema/index";
import { withTestDb } from "@/test/db";
import { createUser, orgContext } from "@/test/factories";
import { inviteMember } from "../orgs/invitations";
import { installFakeClock } from "../platform/clock";
import { setEnvForTests } from "../platform/env";
import { getMetrics } from "../platform/metrics";
import { JOBS } from "./registry";
import { runJob } from "./runner";

const t = withTestDb();
let clock: ReturnType<typeof installFakeClock> | undefined;
afterEach(() => clock?.restore());

const cron = (job: string, auth?: string) =>
  cronRoute(new Request(`http://x/api/cron/${job}`, { headers: auth ? { authorization: auth } : {} }), {
    params: Promise.resolve({ job }),
  });

describe("scheduled jobs", () => {
  it("purge-expired-invites deletes expired invitations and records the run", async () => {
    clock = installFakeClock(new Date());
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const old = await inviteMember({ ctx, input: { email: "late@example.com", role: "member" } });
    clock.advance(8 * 86_400_000);
    const outcome = await runJob(t.db, "purge-expired-invites", "cli");
    expect(outcome).toMatchObject({ status: "ok", result: { deleted: expect.any(Number) } });
    expect(await t.db.select().from(invitations).where(eq(invitations.id, old.id))).toEqual([]);
    const runs = await t.db.select().from(jobRuns).where(eq(jobRuns.job, "purge-expired-invites"));
    expect(runs.at(-1)).toMatchObject({ status: "ok", trigger: "cli" });
  });

  it("records a failed run with its error, and counts outcomes", async () => {
    const failing = {
      broken: {
        schedule: "* * * * *",
        description: "fails",
        run: async () => Promise.reject(new Error("boom")),
      },
    };
    expect(await runJob(t.db, "broken", "schedule", failing)).toMatchObject({
      status: "failed",
      error: "boom",
    });
    const [run] = await t.db.select().from(jobRuns).where(eq(jobRuns.job, "broken"));
    expect(run).toMatchObject({ status: "failed", error: "boom", trigger: "schedule" });
    expect(await getMetrics().registry.getSingleMetricAsString("brikk_job_runs_total")).toContain(
      'job="broken",outcome="failed"',
    );
    await expect(runJob(t.db, "missing", "cli", failing)).rejects.toThrow(/unknown job/);
  });

  it("declares the same schedules in vercel.json as in the registry", () => {
    const vercel = JSON.parse(readFileSync("vercel.json", "utf8")) as {
      crons: { path: string; schedule: string }[];
    };
    expect(vercel.crons.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      Object.entries(JOBS).map(([name, def]) => ({ path: `/api/cron/${name}`, schedule: def.schedule })),
    );
  });
});

describe("GET /api/cron/{job}", () => {
  it("is disabled (404) without CRON_SECRET", async () => {
    setEnvForTests({ CRON_SECRET: "" });
    expect((await cron("purge-expired-invites", "Bearer x")).status).toBe(404);
  });

  it("requires the bearer secret and a known job", async () => {
    setEnvForTests({ CRON_SECRET: "cron-secret-value" });
    expect((await cron("purge-expired-invites")).status).toBe(401);
    expect((await cron("purge-expired-invites", "Bearer wrong")).status).toBe(401);
    expect((await cron("nope", "Bearer cron-secret-value")).status).toBe(404);
    const ok = await cron("purge-expired-invites", "Bearer cron-secret-value");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ job: "purge-expired-invites", status: "ok" });
  });
});
