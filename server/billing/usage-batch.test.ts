import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerAccounts } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { isAppError } from "../errors";
import { customerAccountId, pickRevenueShard } from "../ledger/accounts";
import { reconcileLedger } from "../ledger/reconcile";
import { UsageBatcher, type UsageCharge } from "./usage-batch";

const t = withTestDb();
const CREDIT = 1_000_000n;

function chargeFor(orgId: string, id: string, amount = CREDIT): UsageCharge {
  return {
    id,
    orgId,
    customerAccountId: customerAccountId(orgId),
    shardAccountId: pickRevenueShard(),
    amount,
    description: "test",
    metadata: { service: "api_call" },
  };
}

describe("UsageBatcher (group commit of paid calls)", () => {
  it("writes a lone charge at once and groups those that arrive while a write is in flight", async () => {
    const batches: string[][] = [];
    const alone: string[] = [];
    const batcher = new UsageBatcher(
      async (charges) => {
        batches.push(charges.map((c) => c.id));
        return charges.map(() => ({ created: true }));
      },
      async (charge) => {
        alone.push(charge.id);
        return { created: true };
      },
    );
    // "a" starts writing immediately, on its own; "b" and "c" arrive while it is in flight.
    const all = [
      batcher.charge(chargeFor("o", "a")),
      batcher.charge(chargeFor("o", "b")),
      batcher.charge(chargeFor("o", "c")),
    ];
    await Promise.all(all);
    // A lone charge goes as a batch of one (one prepared statement, no transaction).
    expect(batches).toEqual([["a"], ["b", "c"]]);
    expect(alone).toEqual([]);
  });

  it("on a failed batch, posts each charge alone so each caller gets its own answer", async () => {
    const alone: string[] = [];
    const batcher = new UsageBatcher(
      async () => {
        throw new Error("check violation somewhere in the batch");
      },
      async (charge) => {
        alone.push(charge.id);
        if (charge.id === "broke") throw new Error("insufficient");
        return { created: true };
      },
    );
    const results = await Promise.allSettled(
      ["x", "broke", "y"].map((id) => batcher.charge(chargeFor("o", id))),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(alone.sort()).toEqual(["broke", "x", "y"]);
  });

  it("against the database: N credits, 3N concurrent charges → exactly N succeed, balance 0, no drift", async () => {
    const user = await createUser(t.db);
    const batcher = new UsageBatcher();
    const N = 100; // the sign-up grant is 100 credits
    const results = await Promise.allSettled(
      Array.from({ length: 3 * N }, (_, i) =>
        batcher.charge(chargeFor(user.orgId, `usage:batch:${user.orgId}:${i}`)),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toBe(N);
    expect(
      refused.every(
        (r) => r.status === "rejected" && isAppError(r.reason) && r.reason.code === "insufficient_credits",
      ),
    ).toBe(true);
    const [row] = await t.db
      .select()
      .from(ledgerAccounts)
      .where(eq(ledgerAccounts.id, customerAccountId(user.orgId)));
    expect(row?.balance).toBe(0n);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("charges a repeated id once", async () => {
    const user = await createUser(t.db);
    const batcher = new UsageBatcher();
    await Promise.all(
      [1, 2, 3].map(() => batcher.charge(chargeFor(user.orgId, `usage:same:${user.orgId}`, 5n * CREDIT))),
    );
    const [row] = await t.db
      .select()
      .from(ledgerAccounts)
      .where(eq(ledgerAccounts.id, customerAccountId(user.orgId)));
    expect(row?.balance).toBe(95n * CREDIT);
  });
});
