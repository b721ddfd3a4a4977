import { expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { accountRow, CREDIT, usageChargeFor } from "@/test/ledger";
import { describeOnPostgres } from "@/test/pg-only";
import { isAppError } from "../errors";
import { customerAccountId } from "./accounts";
import { UsageBatcher } from "./charge-batch";
import { reconcileLedger } from "./reconcile";

// On PostgreSQL only: PGlite runs one statement at a time, so these charges could never race.

const t = withTestDb();

describeOnPostgres("UsageBatcher under concurrency", () => {
  it("N credits, 3N concurrent charges from two batchers: exactly N succeed, balance 0, no drift", async () => {
    const user = await createUser(t.db);
    const batchers = [new UsageBatcher(), new UsageBatcher()];
    const N = 100; // the sign-up grant is 100 credits
    const results = await Promise.allSettled(
      Array.from({ length: 3 * N }, (_, i) =>
        batchers[i % 2]?.charge(usageChargeFor(user.orgId, `usage:batch:${user.orgId}:${i}`)),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(N);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect(isAppError(r.reason) && r.reason.code).toBe("insufficient_credits");
    expect((await accountRow(t.db, customerAccountId(user.orgId))).balance).toBe(0n);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("charges a repeated id once when it arrives at two batchers at the same moment", async () => {
    const user = await createUser(t.db);
    const batchers = [new UsageBatcher(), new UsageBatcher()];
    const charge = usageChargeFor(user.orgId, `usage:same:${user.orgId}`, 5n * CREDIT);
    const outcomes = await Promise.all([0, 1, 0, 1].map((i) => batchers[i]?.charge(charge)));
    expect(outcomes.filter((o) => o?.created)).toHaveLength(1);
    expect((await accountRow(t.db, customerAccountId(user.orgId))).balance).toBe(95n * CREDIT);
  });
});
