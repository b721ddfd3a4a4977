import { describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { accountRow, CREDIT, usageChargeFor } from "@/test/ledger";
import { isAppError } from "../errors";
import { customerAccountId } from "./accounts";
import { chargeAloneWith, UsageBatcher } from "./charge-batch";
import { reconcileLedger } from "./reconcile";

const t = withTestDb();

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
      batcher.charge(usageChargeFor("o", "a")),
      batcher.charge(usageChargeFor("o", "b")),
      batcher.charge(usageChargeFor("o", "c")),
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
      ["x", "broke", "y"].map((id) => batcher.charge(usageChargeFor("o", id))),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(alone.sort()).toEqual(["broke", "x", "y"]);
  });

  it("retries a deadlocked lone charge, and passes any other error on", async () => {
    let calls = 0;
    const deadlockTwice = chargeAloneWith(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
      return [{ created: true }];
    });
    await expect(deadlockTwice(usageChargeFor("o", "d"))).resolves.toEqual({ created: true });
    expect(calls).toBe(3);
    const broken = chargeAloneWith(async () => {
      throw new Error("connection lost");
    });
    await expect(broken(usageChargeFor("o", "e"))).rejects.toThrow("connection lost");
  });

  it("against the database, one after another: N credits pay N charges, the next is refused, no drift", async () => {
    const user = await createUser(t.db);
    const batcher = new UsageBatcher();
    const big = 25n * CREDIT; // the sign-up grant is 100 credits: four of these
    for (let i = 0; i < 4; i++) {
      expect(await batcher.charge(usageChargeFor(user.orgId, `usage:seq:${user.orgId}:${i}`, big))).toEqual({
        created: true,
      });
    }
    const refused = await batcher
      .charge(usageChargeFor(user.orgId, `usage:seq:${user.orgId}:4`, big))
      .catch((e) => e);
    expect(isAppError(refused) && refused.code).toBe("insufficient_credits");
    expect((await accountRow(t.db, customerAccountId(user.orgId))).balance).toBe(0n);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("charges an id once and says so when it comes again", async () => {
    const user = await createUser(t.db);
    const batcher = new UsageBatcher();
    const charge = usageChargeFor(user.orgId, `usage:same:${user.orgId}`, 5n * CREDIT);
    expect(await batcher.charge(charge)).toEqual({ created: true });
    expect(await batcher.charge(charge)).toEqual({ created: false });
    expect((await accountRow(t.db, customerAccountId(user.orgId))).balance).toBe(95n * CREDIT);
  });
});
