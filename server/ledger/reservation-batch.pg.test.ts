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

  it("settles concurrently, each call twice at once: charged once, capped at its hold, the rest freed", async () => {
    const { orgId } = await createUser(t.db); // 100 credits
    const ids = Array.from({ length: 9 }, (_, i) => `settle-${orgId}-${i}`);
    await Promise.all(ids.map((id) => hold(orgId, id, 10n)));
    // Costs 4, 25 (capped at the 10 held) and 0 credits, three calls each; every settle sent twice.
    const cost = (i: number) => [4n, 25n, 0n][i % 3] as bigint;
    const settled = await Promise.all(
      [...ids, ...ids].map((id, i) => settleHeldCredits({ id, actualMicros: cost(i % ids.length) * CREDIT })),
    );
    const charged = settled.reduce((sum, s) => sum + s.chargedMicros, 0n);
    expect(charged).toBe(3n * (4n + 10n + 0n) * CREDIT);
    expect(await account(customerAccountId(orgId))).toMatchObject({ balance: 58n * CREDIT, reserved: 0n });
    const charges = await t.db.select().from(ledgerTransfers).where(eq(ledgerTransfers.orgId, orgId));
    expect(charges.filter((c) => c.kind === "usage")).toHaveLength(6); // a zero cost posts nothing
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
      expireReservations({ ctx: { db: t.db, actor: { type: "system" } } }),
      expireReservations({ ctx: { db: t.db, actor: { type: "system" } } }),
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
