import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { ledgerReservations, ledgerTransfers } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { accountRow, CREDIT } from "@/test/ledger";
import { describeOnPostgres } from "@/test/pg-only";
import { customerAccountId } from "./accounts";
import { reconcileLedger } from "./reconcile";
import { holdCredits, settleHeldCredits } from "./reservation-batch";
import { expireReservations } from "./reservations";

// On PostgreSQL only: PGlite runs one statement at a time, so these holds could never race.

const t = withTestDb();
const account = (id: string) => accountRow(t.db, id);

const hold = (orgId: string, id: string, credits: bigint) =>
  holdCredits({ id, orgId, amountMicros: credits * CREDIT, description: "chat completion" });

describeOnPostgres("group-committed holds and settlements under concurrency", () => {
  it("holds concurrently for several orgs and refuses exactly the holds that do not fit", async () => {
    const rich = await createUser(t.db); // 100 credits each
    const poor = await createUser(t.db);
    const results = await Promise.allSettled([
      ...Array.from({ length: 6 }, (_, i) => hold(rich.orgId, `rich-${i}`, 10n)),
      ...Array.from({ length: 5 }, (_, i) => hold(poor.orgId, `poor-${i}`, 40n)),
    ]);
    expect(results.slice(0, 6).every((r) => r.status === "fulfilled")).toBe(true);
    const poorResults = results.slice(6);
    expect(poorResults.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const refused of poorResults.filter((r) => r.status === "rejected")) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "insufficient_credits" });
    }
    expect(await account(customerAccountId(rich.orgId))).toMatchObject({ reserved: 60n * CREDIT });
    expect(await account(customerAccountId(poor.orgId))).toMatchObject({ reserved: 80n * CREDIT });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("settles concurrently: charges what each call cost, capped at its hold, and frees the rest", async () => {
    const { orgId } = await createUser(t.db);
    await Promise.all([hold(orgId, "s-under", 10n), hold(orgId, "s-over", 10n), hold(orgId, "s-zero", 10n)]);
    const [under, over, zero] = await Promise.all([
      settleHeldCredits({ id: "s-under", actualMicros: 4n * CREDIT, metadata: { model: "openai/gpt-4o" } }),
      settleHeldCredits({ id: "s-over", actualMicros: 25n * CREDIT }),
      settleHeldCredits({ id: "s-zero", actualMicros: 0n }),
    ]);
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

  it("settlements racing the expiry job charge each call once and free every hold", async () => {
    const { orgId } = await createUser(t.db); // 100 credits
    const ids = Array.from({ length: 20 }, (_, i) => `race-expiry-${orgId}-${i}`);
    for (const id of ids)
      await holdCredits({
        id,
        orgId,
        amountMicros: 4n * CREDIT,
        description: "chat completion",
        ttlSeconds: 1,
      });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // every hold is now past its time
    await Promise.all([
      ...ids.map((id) => settleHeldCredits({ id, actualMicros: 3n * CREDIT })),
      expireReservations(t.db),
      expireReservations(t.db),
    ]);
    // Settled before the job or after it (then as plain usage): 3 credits each either way.
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 40n * CREDIT, reserved: 0n });
    const charges = await t.db.select().from(ledgerTransfers).where(eq(ledgerTransfers.orgId, orgId));
    expect(charges.filter((c) => c.kind === "usage")).toHaveLength(20);
    const closed = await t.db.select().from(ledgerReservations).where(eq(ledgerReservations.orgId, orgId));
    expect(closed.filter((r) => r.status === "held")).toEqual([]);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });
});
