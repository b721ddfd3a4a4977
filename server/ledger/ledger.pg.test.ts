import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { ledgerAccounts } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { grantTestCredits } from "@/test/ledger";
import { describeOnPostgres } from "@/test/pg-only";
import { isAppError } from "../errors";
import { customerAccountId, pickRevenueShard } from "./accounts";
import { reconcileLedger } from "./reconcile";
import { postTransfer } from "./transfer";

const t = withTestDb();
const CREDIT = 1_000_000n;

/** Runs `count` tasks with at most `width` in flight. */
async function concurrently<T>(
  count: number,
  width: number,
  task: (i: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i).then(
          (value) => ({ status: "fulfilled", value }) as const,
          (reason) => ({ status: "rejected", reason }) as const,
        );
      }
    }),
  );
  return results;
}

describeOnPostgres("ledger under concurrency (PostgreSQL)", () => {
  it("with credits for exactly N calls, 3N concurrent calls: exactly N succeed, the balance ends at 0", async () => {
    const user = await createUser(t.db);
    const account = customerAccountId(user.orgId);
    const N = 60;
    // Bring the balance to exactly N credits.
    await postTransfer(t.db, {
      id: `usage:drain:${user.orgId}`,
      kind: "usage",
      orgId: user.orgId,
      entries: [
        { accountId: account, amount: -(100n - BigInt(N)) * CREDIT },
        { accountId: pickRevenueShard(), amount: (100n - BigInt(N)) * CREDIT },
      ],
    });
    const results = await concurrently(3 * N, 24, (i) =>
      postTransfer(t.db, {
        id: `usage:race:${user.orgId}:${i}`,
        kind: "usage",
        orgId: user.orgId,
        entries: [
          { accountId: account, amount: -CREDIT },
          { accountId: pickRevenueShard(), amount: CREDIT },
        ],
      }),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(N);
    expect(
      refused.every(
        (r) => r.status === "rejected" && isAppError(r.reason) && r.reason.code === "insufficient_credits",
      ),
    ).toBe(true);
    const [row] = await t.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, account));
    expect(row?.balance).toBe(0n);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  }, 60_000);

  it("posts 10,000 concurrent transfers across orgs and shards with zero drift", async () => {
    const orgs = await Promise.all(Array.from({ length: 20 }, () => createUser(t.db)));
    // Enough for every transfer to succeed, so all 10,000 really post.
    for (const org of orgs) {
      await grantTestCredits(t.db, org.orgId, "1000", `load-${org.orgId}`);
    }
    const results = await concurrently(10_000, 32, (i) => {
      const org = orgs[i % orgs.length];
      if (!org) throw new Error("no org");
      // Mostly usage, some transfers back (adjustments) to mix directions on the same rows.
      const refund = i % 10 === 0;
      const shard = pickRevenueShard();
      const amount = BigInt(1 + (i % 7)) * 1_000n;
      return postTransfer(t.db, {
        id: `load:${i}`,
        kind: refund ? "adjustment" : "usage",
        orgId: org.orgId,
        entries: [
          { accountId: customerAccountId(org.orgId), amount: refund ? amount : -amount },
          { accountId: shard, amount: refund ? -amount : amount },
        ],
      });
    });
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const report = await reconcileLedger(t.db);
    expect(report).toMatchObject({
      ok: true,
      totalMicros: "0",
      unbalancedTransfers: [],
      balanceMismatches: [],
    });
    // Bounded by the test timeout (a hang fails); speed is bench:ledger's job, not this test's.
  }, 180_000);
});
