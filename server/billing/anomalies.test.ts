import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { createUser, orgContext } from "@/test/factories";
import { detectUsageSpikes, listAnomalies } from "./anomalies";

const t = withTestDb();
const HOUR = 3_600_000;

/**
 * Usage at a chosen time. The detector reads transfers only, and the ledger lets nobody backdate
 * through postTransfer, so the history is inserted directly (entries are irrelevant here).
 */
async function usageAt(orgId: string, id: string, credits: number, hoursAgo: number) {
  const at = new Date(Date.now() - hoursAgo * HOUR).toISOString();
  await t.db.execute(sql`
    insert into ledger_transfers (id, kind, org_id, amount, created_at)
    values (${id}, 'usage', ${orgId}, ${BigInt(credits) * 1_000_000n}, ${at}::timestamptz)`);
}

describe("usage spike detection", () => {
  it("flags an hour far above the 7-day hourly average, once", async () => {
    const steady = await createUser(t.db);
    const spiky = await createUser(t.db);
    const newcomer = await createUser(t.db);
    // 168 credits over the week before = 1 credit per hour on average.
    for (const org of [steady.orgId, spiky.orgId]) {
      for (let day = 1; day <= 7; day++) await usageAt(org, `base-${org}-${day}`, 24, day * 24);
    }
    await usageAt(steady.orgId, `now-${steady.orgId}`, 4, 0.5); // 4x: normal enough
    await usageAt(spiky.orgId, `now-${spiky.orgId}`, 6, 0.5); // 6x > 5x
    await usageAt(newcomer.orgId, `now-${newcomer.orgId}`, 500, 0.5); // no baseline

    const first = await detectUsageSpikes({ ctx: { db: t.db, actor: { type: "system" } } });
    expect(first.flagged).toBe(1);
    expect((await detectUsageSpikes({ ctx: { db: t.db, actor: { type: "system" } } })).flagged).toBe(0); // once per hour

    const flags = await listAnomalies({ ctx: await orgContext(t.db, spiky, spiky.orgId) });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      kind: "usage_spike",
      detail: { last_hour: "6.000000", hourly_average_7d: "1.000000", multiple: 5 },
    });
    expect(await listAnomalies({ ctx: await orgContext(t.db, steady, steady.orgId) })).toEqual([]);
    expect(await listAnomalies({ ctx: await orgContext(t.db, newcomer, newcomer.orgId) })).toEqual([]);
  });
});
