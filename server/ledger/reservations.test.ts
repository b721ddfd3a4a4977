import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerAccounts, ledgerReservations } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { accountRow, CREDIT } from "@/test/ledger";
import { installFakeClock } from "../platform/clock";
import {
  customerAccountId,
  pickRevenueShard,
  receivableAccountId,
  STRIPE_CLEARING_ACCOUNT_ID,
} from "./accounts";
import { creditOrg, debitOrgIntoDebt } from "./flows";
import { reconcileLedger } from "./reconcile";
import { expireReservations, releaseReservation, reserveCredits, settleReservation } from "./reservations";
import { postTransfer } from "./transfer";

const t = withTestDb();
const account = (id: string) => accountRow(t.db, id);

const reserve = (orgId: string, id: string, credits: bigint) =>
  reserveCredits(t.db, { id, orgId, amountMicros: credits * CREDIT, description: "chat completion" });

describe("reservations", () => {
  it("holds credits, charges the actual amount and frees the rest", async () => {
    const { orgId } = await createUser(t.db); // 100 credits
    await reserve(orgId, "rsv-settle", 30n);
    expect(await account(customerAccountId(orgId))).toMatchObject({
      balance: 100n * CREDIT,
      reserved: 30n * CREDIT,
    });
    expect(await settleReservation(t.db, { id: "rsv-settle", actualMicros: 12n * CREDIT })).toMatchObject({
      chargedMicros: 12n * CREDIT,
    });
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 88n * CREDIT, reserved: 0n });
    // Settling again is a no-op; the charge is capped at the hold.
    await settleReservation(t.db, { id: "rsv-settle", actualMicros: 50n * CREDIT });
    expect((await account(customerAccountId(orgId))).balance).toBe(88n * CREDIT);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("refuses a hold the org cannot cover, and other calls cannot spend held credits", async () => {
    const { orgId } = await createUser(t.db);
    await reserve(orgId, "rsv-big", 90n);
    await expect(reserve(orgId, "rsv-more", 20n)).rejects.toMatchObject({
      code: "insufficient_credits",
      details: { balance: "10.000000", required: "20.000000" },
    });
    const spend = postTransfer(t.db, {
      id: "usage:while-held",
      kind: "usage",
      orgId,
      entries: [
        { accountId: customerAccountId(orgId), amount: -11n * CREDIT },
        { accountId: pickRevenueShard(), amount: 11n * CREDIT },
      ],
    });
    await expect(spend).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(
      await t.db.select().from(ledgerReservations).where(eq(ledgerReservations.id, "rsv-more")),
    ).toHaveLength(0);
  });

  it("releases a hold without charging, and expires holds nobody settled", async () => {
    const { orgId } = await createUser(t.db);
    await reserve(orgId, "rsv-release", 40n);
    expect(await releaseReservation(t.db, "rsv-release")).toBe(true);
    expect(await releaseReservation(t.db, "rsv-release")).toBe(false);
    await reserve(orgId, "rsv-expire", 25n);
    const clock = installFakeClock(new Date(Date.now() + 10 * 60_000));
    try {
      const { expired } = await expireReservations({ ctx: { db: t.db, actor: { type: "system" } } });
      expect(expired).toBeGreaterThanOrEqual(1);
    } finally {
      clock.restore();
    }
    const [row] = await t.db.select().from(ledgerReservations).where(eq(ledgerReservations.id, "rsv-expire"));
    expect(row?.status).toBe("expired");
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 100n * CREDIT, reserved: 0n });
    // A call that outlived its hold is still charged, as plain usage.
    await settleReservation(t.db, { id: "rsv-expire", actualMicros: 5n * CREDIT });
    expect((await account(customerAccountId(orgId))).balance).toBe(95n * CREDIT);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("pays a debt from credits a hold gives back", async () => {
    const { orgId } = await createUser(t.db);
    await reserve(orgId, "rsv-debt", 60n);
    // A refund of 70 can only take the 40 that are free: 30 become debt.
    await debitOrgIntoDebt(t.db, {
      id: "refund:test-debt",
      kind: "refund",
      orgId,
      counterAccountId: STRIPE_CLEARING_ACCOUNT_ID,
      amountMicros: 70n * CREDIT,
      description: "refund",
    });
    expect((await account(receivableAccountId(orgId))).balance).toBe(-30n * CREDIT);
    await settleReservation(t.db, { id: "rsv-debt", actualMicros: 10n * CREDIT });
    // 60 held - 10 charged = 50 freed; 30 repay the debt, 20 remain.
    expect((await account(receivableAccountId(orgId))).balance).toBe(0n);
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 20n * CREDIT, reserved: 0n });
    const credited = await creditOrg(t.db, {
      id: "topup:after-debt",
      kind: "topup",
      orgId,
      counterAccountId: STRIPE_CLEARING_ACCOUNT_ID,
      amountMicros: 5n * CREDIT,
      description: "top-up",
    });
    expect(credited.settledDebtMicros).toBe(0n);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("reports a cached reservation total that does not match the open holds", async () => {
    const { orgId } = await createUser(t.db);
    await reserve(orgId, "rsv-drift", 5n);
    await t.db
      .update(ledgerAccounts)
      .set({ reserved: 1n })
      .where(eq(ledgerAccounts.id, customerAccountId(orgId)));
    const report = await reconcileLedger(t.db);
    expect(report.ok).toBe(false);
    expect(report.reservedMismatches).toEqual([
      { accountId: customerAccountId(orgId), cachedMicros: "1", heldMicros: String(5n * CREDIT) },
    ]);
    await t.db
      .update(ledgerAccounts)
      .set({ reserved: 5n * CREDIT })
      .where(eq(ledgerAccounts.id, customerAccountId(orgId)));
  });
});
