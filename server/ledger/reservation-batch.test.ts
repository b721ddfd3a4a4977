import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerReservations, ledgerTransfers } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { accountRow, CREDIT } from "@/test/ledger";
import { installFakeClock } from "../platform/clock";
import { customerAccountId, receivableAccountId, STRIPE_CLEARING_ACCOUNT_ID } from "./accounts";
import { debitOrgIntoDebt } from "./flows";
import { reconcileLedger } from "./reconcile";
import { holdCredits, settleHeldCredits } from "./reservation-batch";
import { expireReservations } from "./reservations";

const t = withTestDb();
const account = (id: string) => accountRow(t.db, id);

const hold = (orgId: string, id: string, credits: bigint) =>
  holdCredits({ id, orgId, amountMicros: credits * CREDIT, description: "chat completion" });

describe("group-committed holds and settlements", () => {
  it("holds for several orgs and refuses exactly the hold that does not fit", async () => {
    const rich = await createUser(t.db); // 100 credits each
    const poor = await createUser(t.db);
    for (let i = 0; i < 6; i++) await hold(rich.orgId, `rich-${i}`, 10n);
    await hold(poor.orgId, "poor-0", 40n);
    await hold(poor.orgId, "poor-1", 40n);
    await expect(hold(poor.orgId, "poor-2", 40n)).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(await account(customerAccountId(rich.orgId))).toMatchObject({ reserved: 60n * CREDIT });
    expect(await account(customerAccountId(poor.orgId))).toMatchObject({ reserved: 80n * CREDIT });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("settles: charges what each call cost, capped at its hold, and frees the rest", async () => {
    const { orgId } = await createUser(t.db);
    for (const id of ["s-under", "s-over", "s-zero"]) await hold(orgId, id, 10n);
    const under = await settleHeldCredits({
      id: "s-under",
      actualMicros: 4n * CREDIT,
      metadata: { model: "openai/gpt-4o" },
    });
    const over = await settleHeldCredits({ id: "s-over", actualMicros: 25n * CREDIT });
    const zero = await settleHeldCredits({ id: "s-zero", actualMicros: 0n });
    expect([under.chargedMicros, over.chargedMicros, zero.chargedMicros]).toEqual([
      4n * CREDIT,
      10n * CREDIT,
      0n,
    ]);
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 86n * CREDIT, reserved: 0n });
    const [transfer] = await t.db
      .select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, "usage:s-under"));
    expect(transfer?.metadata).toMatchObject({ model: "openai/gpt-4o", reservation_id: "s-under" });
    const [closed] = await t.db.select().from(ledgerReservations).where(eq(ledgerReservations.id, "s-zero"));
    expect(closed).toMatchObject({ status: "settled", transferId: null });
    // Settling again is a no-op (the batch cannot take it; the exact path says it was settled).
    expect(await settleHeldCredits({ id: "s-under", actualMicros: 4n * CREDIT })).toMatchObject({
      chargedMicros: 0n,
    });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("charges a call that outlived its hold as plain usage", async () => {
    const { orgId } = await createUser(t.db);
    await hold(orgId, "s-expired", 10n);
    const clock = installFakeClock(new Date(Date.now() + 10 * 60_000));
    try {
      await expireReservations({ ctx: { db: t.db, actor: { type: "system" } } });
    } finally {
      clock.restore();
    }
    expect(await settleHeldCredits({ id: "s-expired", actualMicros: 3n * CREDIT })).toMatchObject({
      chargedMicros: 3n * CREDIT,
    });
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 97n * CREDIT, reserved: 0n });
  });

  it("repays a debt from the credits a settled hold gives back", async () => {
    const { orgId } = await createUser(t.db);
    await hold(orgId, "s-debt", 60n);
    await debitOrgIntoDebt(t.db, {
      id: "refund:batch-debt",
      kind: "refund",
      orgId,
      counterAccountId: STRIPE_CLEARING_ACCOUNT_ID,
      amountMicros: 70n * CREDIT,
      description: "refund",
    });
    await settleHeldCredits({ id: "s-debt", actualMicros: 10n * CREDIT });
    expect((await account(receivableAccountId(orgId))).balance).toBe(0n);
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 20n * CREDIT, reserved: 0n });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });
});
