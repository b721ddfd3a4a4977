import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { budgetDayRow } from "@/test/ledger";
import { describeOnPostgres } from "@/test/pg-only";
import { holdBudget, settleHeldBudget } from "./budget-batch";

// On PostgreSQL only: PGlite runs one statement at a time, so these holds could never race.

const t = withTestDb();

describeOnPostgres("group-committed budget holds under concurrency", () => {
  it("serves every concurrent hold that fits the hard cap, refuses the rest, and settles them together", async () => {
    const { orgId } = await createUser(t.db);
    const caps = { keyId: "key_batch_budget", softCapMicroUsd: 300n, hardCapMicroUsd: 1_000n };
    const other = { keyId: "key_batch_other", softCapMicroUsd: 0n, hardCapMicroUsd: 1_000n };
    const results = await Promise.allSettled([
      ...Array.from({ length: 15 }, () => holdBudget(caps, 100n)),
      holdBudget(other, 1_000n),
    ]);
    const held = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(held.filter((h) => h.keyId === caps.keyId)).toHaveLength(10);
    expect(held.filter((h) => h.keyId === other.keyId)).toHaveLength(1);
    for (const refused of results.filter((r) => r.status === "rejected")) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "budget_exceeded" });
    }
    expect(await budgetDayRow(t.db, caps.keyId)).toMatchObject({
      reservedMicroUsd: 1_000n,
      spentMicroUsd: 0n,
    });

    const days = await Promise.all(
      held
        .filter((h) => h.keyId === caps.keyId)
        .map((h, i) => settleHeldBudget(h, 40n, { orgId, requestId: `req_batch_${i}` })),
    );
    expect(await budgetDayRow(t.db, caps.keyId)).toMatchObject({
      reservedMicroUsd: 0n,
      spentMicroUsd: 400n,
      requests: 10,
    });
    expect(days.at(-1)).toEqual({ spentMicroUsd: 400n, reservedMicroUsd: 0n });
    // 400 of a 300 soft cap: the 50 %, 80 % and 100 % thresholds are announced once, together.
    const alerts = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "budget.soft_cap_threshold")));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.metadata).toMatchObject({ threshold_percent: 100 });
  });
});
