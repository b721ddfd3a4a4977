import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { reputationScores, reputationSnapshots } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { ageOrg, newAgent, newOrg, payTopUp, rate } from "@/test/reputation-kit";
import type { OrgContext } from "../context";
import { runJob } from "../jobs/runner";
import { installFakeClock } from "../platform/clock";
import { setEnvForTests } from "../platform/env";
import { recomputeReputation } from "./recompute";
import { recordInteraction } from "./weight";

const t = withTestDb();
const DAY = 86_400_000;
let clock: ReturnType<typeof installFakeClock> | null = null;
afterEach(() => {
  clock?.restore();
  clock = null;
});

async function scoresOf(agentId: string) {
  const rows = await t.db.select().from(reputationScores).where(eq(reputationScores.agentId, agentId));
  return new Map(rows.map((row) => [row.dimension, { r: row.r, s: row.s }]));
}

describe("the nightly recompute", () => {
  let owner: OrgContext;
  let raters: OrgContext[];
  beforeAll(async () => {
    owner = await newOrg(t.db);
    raters = [];
    // Twelve raters, so the share cap is in play: paid and unpaid, young and established.
    for (let i = 0; i < 12; i++) {
      const rater = await newOrg(t.db);
      if (i % 3 !== 0) await payTopUp(t.db, rater.org.id);
      if (i % 4 !== 0) await ageOrg(t.db, rater.org.id);
      raters.push(rater);
    }
  });

  it("agrees with the incremental score within 1e-9, for random events at random times", async () => {
    const event = fc.record({
      rater: fc.integer({ min: 0, max: 11 }),
      gapMs: fc.integer({ min: 0, max: 20 * DAY }),
      rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      outcome: fc.constantFrom("success", "failure"),
      latency: fc.integer({ min: 0, max: 5000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 14 }), async (events) => {
        clock?.restore();
        clock = installFakeClock(new Date());
        const agent = await newAgent(owner);
        for (const e of events) {
          clock.advance(e.gapMs);
          const rater = raters[e.rater] as OrgContext;
          const interaction = await recordInteraction(t.db, {
            orgId: rater.org.id,
            agentId: agent.id,
            kind: "panel_turn",
          });
          await rate(rater, agent.id, {
            rating: e.rating,
            outcome: e.outcome,
            latency_ms: e.latency,
            interaction_id: interaction,
          });
        }
        const incremental = await scoresOf(agent.id);
        await recomputeReputation({ ctx: { db: t.db, actor: { type: "system" } } });
        const recomputed = await scoresOf(agent.id);
        expect([...recomputed.keys()].sort()).toEqual([...incremental.keys()].sort());
        for (const [dimension, e] of incremental) {
          const again = recomputed.get(dimension) as { r: number; s: number };
          const scale = Math.max(1, e.r + e.s);
          expect(Math.abs(again.r - e.r) / scale).toBeLessThan(1e-9);
          expect(Math.abs(again.s - e.s) / scale).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 12 },
    );
  });

  it("writes one snapshot per agent, dimension and day, however often it runs", async () => {
    clock = installFakeClock(new Date());
    const agent = await newAgent(owner);
    await rate(raters[1] as OrgContext, agent.id, { rating: 5 });
    const ctx = { db: t.db, actor: { type: "system" as const } };
    await recomputeReputation({ ctx });
    clock.advance(60_000);
    await recomputeReputation({ ctx });
    const snapshots = await t.db
      .select()
      .from(reputationSnapshots)
      .where(eq(reputationSnapshots.agentId, agent.id));
    expect(snapshots.map((s) => s.dimension)).toEqual(["overall"]);
    expect(snapshots[0]?.day).toBe(new Date().toISOString().slice(0, 10));
    // A day later the evidence has faded, and a second day joins the history.
    clock.advance(DAY);
    await recomputeReputation({ ctx });
    const days = await t.db
      .select()
      .from(reputationSnapshots)
      .where(eq(reputationSnapshots.agentId, agent.id));
    expect(days).toHaveLength(2);
    expect(days[1]?.evidence).toBeCloseTo((days[0]?.evidence ?? 0) * 0.95, 6);
  });

  it("runs through the job machinery, and does nothing when switched off", async () => {
    const outcome = await runJob(t.db, "recompute-reputation", "cli");
    expect(outcome).toMatchObject({ status: "ok", result: { batches: expect.any(Number) } });
    setEnvForTests({ NIGHTLY_REPUTATION_UPDATE_ENABLED: "false" });
    const off = await runJob(t.db, "recompute-reputation", "cli");
    expect(off).toMatchObject({
      status: "ok",
      result: { skipped: "NIGHTLY_REPUTATION_UPDATE_ENABLED is false" },
    });
  });
});
