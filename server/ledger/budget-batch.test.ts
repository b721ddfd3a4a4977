import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { budgetDayRow } from "@/test/ledger";
import { holdBudget, settleHeldBudget } from "./budget-batch";

const t = withTestDb();

describe("group-committed budget holds", () => {
  it("serves every hold that fits the hard cap, refuses the rest, and settles them", async () => {
    const { orgId } = await createUser(t.db);
    const caps = { keyId: "key_batch_budget", softCapMicroUsd: 300n, hardCapMicroUsd: 1_000n };
    const held = [];
    for (let i = 0; i < 10; i++) held.push(await holdBudget(caps, 100n));
    await expect(holdBudget(caps, 100n)).rejects.toMatchObject({ code: "budget_exceeded" });
    expect(await budgetDayRow(t.db, caps.keyId)).toMatchObject({
      reservedMicroUsd: 1_000n,
      spentMicroUsd: 0n,
    });

    let day = { spentMicroUsd: 0n, reservedMicroUsd: 0n };
    for (const [i, hold] of held.entries())
      day = await settleHeldBudget(hold, 40n, { orgId, requestId: `req_seq_${i}` });
    expect(day).toEqual({ spentMicroUsd: 400n, reservedMicroUsd: 0n });
    expect(await budgetDayRow(t.db, caps.keyId)).toMatchObject({
      reservedMicroUsd: 0n,
      spentMicroUsd: 400n,
      requests: 10,
    });
    // 400 of a 300 soft cap: each threshold (50 %, 80 %, 100 %) is announced once, as it is crossed.
    const alerts = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "budget.soft_cap_threshold")));
    expect(
      alerts.map((a) => a.metadata).map((m) => (m as { threshold_percent: number }).threshold_percent),
    ).toEqual([50, 80, 100]);
  });
});
