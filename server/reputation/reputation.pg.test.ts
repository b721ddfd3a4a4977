import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { connectPostgres, rowsOf } from "@/db/client";
import { jobRuns, reputationEvidence, reputationScores } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { describeOnPostgres } from "@/test/pg-only";
import { ageOrg, newAgent, newOrg, payTopUp, rate } from "@/test/reputation-kit";
import type { OrgContext } from "../context";
import type { JobDefinition } from "../jobs/registry";
import { runJob } from "../jobs/runner";
import { installFakeClock } from "../platform/clock";
import { recomputeReputation } from "./recompute";
import { getScore } from "./score";
import { recordInteraction } from "./weight";

const t = withTestDb();

async function raters(n: number): Promise<OrgContext[]> {
  const list = [];
  for (let i = 0; i < n; i++) {
    const rater = await newOrg(t.db);
    await ageOrg(t.db, rater.org.id);
    await payTopUp(t.db, rater.org.id);
    list.push(rater);
  }
  return list;
}

async function scoreRows(agentId: string) {
  const rows = await t.db.select().from(reputationScores).where(eq(reputationScores.agentId, agentId));
  return new Map(rows.map((row) => [row.dimension, { r: row.r, s: row.s }]));
}

function expectSameScores(
  a: Map<string, { r: number; s: number }>,
  b: Map<string, { r: number; s: number }>,
) {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [dimension, e] of a) {
    const other = b.get(dimension) as { r: number; s: number };
    expect(Math.abs(other.r - e.r)).toBeLessThan(1e-9 * Math.max(1, e.r + e.s));
    expect(Math.abs(other.s - e.s)).toBeLessThan(1e-9 * Math.max(1, e.r + e.s));
  }
}

describeOnPostgres("reputation under concurrency (PostgreSQL)", () => {
  it("loses no update when many orgs rate one agent at once", async () => {
    const clock = installFakeClock(new Date());
    try {
      const owner = await newOrg(t.db);
      const agent = await newAgent(owner);
      const orgs = await raters(40);
      const results = await Promise.all(
        orgs.map(async (rater, i) => {
          const interaction = await recordInteraction(t.db, {
            orgId: rater.org.id,
            agentId: agent.id,
            kind: "panel_turn",
          });
          return rate(rater, agent.id, { rating: (i % 5) + 1, interaction_id: interaction });
        }),
      );
      expect(results).toHaveLength(40);
      const score = await getScore({ ctx: owner, input: { agent_id: agent.id } });
      expect(score.feedback_count).toBe(40);
      const evidence = await t.db
        .select()
        .from(reputationEvidence)
        .where(eq(reputationEvidence.agentId, agent.id));
      expect(evidence).toHaveLength(40);
      expect(evidence.reduce((sum, row) => sum + row.events, 0)).toBe(40);
      // Every event at weight 2 (paid, interaction): 80 units, four tenths of them each a rating.
      expect(score.overall.evidence).toBeCloseTo(80, 9);
      const incremental = await scoreRows(agent.id);
      await recomputeReputation({ ctx: { db: t.db, actor: { type: "system" } } });
      expectSameScores(incremental, await scoreRows(agent.id));
    } finally {
      clock.restore();
    }
  });

  it("never blocks or loses live feedback while the nightly recompute runs", async () => {
    const owner = await newOrg(t.db);
    const agents: Awaited<ReturnType<typeof newAgent>>[] = [];
    for (let i = 0; i < 6; i++) agents.push(await newAgent(owner));
    const orgs = await raters(12);
    for (const [i, agent] of agents.entries()) await rate(orgs[i] as OrgContext, agent.id, { rating: 4 });
    const ctx = { db: t.db, actor: { type: "system" as const } };
    // Feedback keeps arriving while two recomputes run (one per second instance's trigger).
    const live = orgs.slice(6).flatMap((rater) =>
      agents.map(async (agent) => {
        const interaction = await recordInteraction(t.db, {
          orgId: rater.org.id,
          agentId: agent.id,
          kind: "panel_turn",
        });
        return rate(rater, agent.id, { rating: 2, interaction_id: interaction });
      }),
    );
    const [outcomes] = await Promise.all([
      Promise.all([recomputeReputation({ ctx }), recomputeReputation({ ctx })]),
      Promise.all(live),
    ]);
    expect(outcomes).toHaveLength(2);
    const counted = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(*)::int as n from reputation_events where agent_id in (${sql.join(
          agents.map((a) => sql`${a.id}`),
          sql`, `,
        )})`,
      ),
    );
    expect(Number(counted[0]?.n)).toBe(6 + 36);
    const before = await Promise.all(agents.map((a) => scoreRows(a.id)));
    // A quiet recompute afterwards finds nothing the live path missed (scores as of a later moment
    // differ only by decay, so compare at the same moment by freezing the clock for both).
    const clock = installFakeClock(new Date(Date.now() + 1000));
    try {
      await recomputeReputation({ ctx });
      const first = await Promise.all(agents.map((a) => scoreRows(a.id)));
      await recomputeReputation({ ctx });
      const second = await Promise.all(agents.map((a) => scoreRows(a.id)));
      for (const [i, scores] of first.entries()) expectSameScores(scores, second[i] as typeof scores);
      for (const [i, scores] of before.entries()) {
        const evidence = [...scores.values()].reduce((sum, e) => sum + e.r + e.s, 0);
        const after = [...(first[i] as typeof scores).values()].reduce((sum, e) => sum + e.r + e.s, 0);
        // A minute of decay at most between the two (a missed event would cost a seventh).
        expect(after).toBeGreaterThan(evidence * 0.95 ** (60 / 86_400));
        expect(after).toBeLessThanOrEqual(evidence * (1 + 1e-9));
      }
    } finally {
      clock.restore();
    }
  });

  it("runs the nightly job once when two instances trigger it at the same moment", async () => {
    const second = connectPostgres(t.handle.url as string, { max: 4 });
    let running = 0;
    let overlapped = false;
    const job: Record<string, JobDefinition> = {
      "recompute-reputation": {
        schedule: "11 0 * * *",
        description: "the real job, watched",
        batched: true,
        run: async (ctx) => {
          running++;
          overlapped ||= running > 1;
          const result = await recomputeReputation({ ctx });
          await new Promise((resolve) => setTimeout(resolve, 200));
          running--;
          return result;
        },
      },
    };
    try {
      const outcomes = await Promise.all([
        runJob(t.db, "recompute-reputation", "cron", job),
        runJob(second.db, "recompute-reputation", "cron", job),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["ok", "skipped"]);
      expect(overlapped).toBe(false);
      const runs = await t.db.select().from(jobRuns).where(eq(jobRuns.job, "recompute-reputation"));
      expect(runs).toHaveLength(1);
      // The session lock went with the run: the next trigger goes ahead.
      expect((await runJob(second.db, "recompute-reputation", "cli", job)).status).toBe("ok");
    } finally {
      await second.close();
    }
  });
});
