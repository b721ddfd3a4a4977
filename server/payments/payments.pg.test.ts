import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { expect, it } from "vitest";
import { stripeEvents, stripePayments } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, type TestUser } from "@/test/factories";
import { succeeded, withFakeStripe } from "@/test/payments-kit";
import { describeOnPostgres } from "@/test/pg-only";
import { reconcileLedger } from "../ledger/reconcile";
import { retryStripeEvent } from "./webhook";

// Webhook races, on PostgreSQL only (PGlite runs one statement at a time, so nothing races there).
// Stripe delivers at least once, in any order, possibly at the same moment to two instances. Each
// race runs for several orgs at once to give the interleavings a chance, and must end where a
// sequential run ends: the same balances, the ledger reconciled.

const t = withTestDb();
const { stripe, startTopup, deliver, balanceOf } = withFakeStripe();
const ORGS = 6;

async function paidTopup(credits: number) {
  const owner = await createUser(t.db); // 100 credits to start with
  const { payment_intent_id, payment_id } = await startTopup(owner, credits);
  return { owner, intent: payment_intent_id, paymentId: payment_id };
}

const deliverAt = async (events: Stripe.Event[]) => {
  for (const event of events) expect((await deliver(event)).status).toBe(200);
};

async function expectBalances(owners: TestUser[], balance: string) {
  for (const owner of owners) expect((await balanceOf(owner)).balance).toBe(balance);
  expect((await reconcileLedger(t.db)).ok).toBe(true);
}

describeOnPostgres("Stripe webhooks racing each other", () => {
  it("five simultaneous deliveries of one success credit it once", async () => {
    const { owner, intent } = await paidTopup(500);
    const events = stripe.succeed(intent);
    const success = succeeded(events)[0] as Stripe.Event;
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(success)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = await Promise.all(responses.map(async (r) => (await r.json()).status));
    expect(outcomes.filter((o) => o === "processed")).toHaveLength(1);
    await deliverAt(events.filter((e) => e !== success));
    await expectBalances([owner], "600.000000");
  });

  it("payment_intent.succeeded racing charge.refunded ends as in order", async () => {
    const topups = await Promise.all(Array.from({ length: ORGS }, () => paidTopup(500)));
    await Promise.all(
      topups.map(async ({ intent }) => {
        const success = stripe.succeed(intent);
        const refund = stripe.refund(intent, 200);
        await Promise.all([deliverAt(success), deliverAt(refund)]);
      }),
    );
    await expectBalances(
      topups.map((p) => p.owner),
      "400.000000", // 100 + 500 − 200
    );
  });

  it("two refunds of one charge at once, and one refund delivered twice at once, reverse each credit once", async () => {
    const topups = await Promise.all(Array.from({ length: ORGS }, () => paidTopup(1000)));
    await Promise.all(topups.map(({ intent }) => deliverAt(stripe.succeed(intent))));
    await Promise.all(
      topups.map(async ({ intent }) => {
        const first = stripe.refund(intent, 300); // cumulative 300
        const second = stripe.refund(intent, 200); // cumulative 500
        await Promise.all([deliverAt(first), deliverAt(second), deliverAt(second)]);
      }),
    );
    await expectBalances(
      topups.map((p) => p.owner),
      "600.000000", // 100 + 1000 − 500
    );
    for (const { paymentId } of topups) {
      const [row] = await t.db.select().from(stripePayments).where(eq(stripePayments.id, paymentId));
      expect(row).toMatchObject({ amountRefunded: 500n, creditsReversed: 500_000_000n });
    }
  });

  it("a retry of a failed event racing Stripe's redelivery of it credits once", async () => {
    const topups = await Promise.all(Array.from({ length: ORGS }, () => paidTopup(100)));
    await Promise.all(
      topups.map(async ({ intent, paymentId }) => {
        const success = succeeded(stripe.succeed(intent))[0] as Stripe.Event;
        // The payment row is missing at first delivery: the event is stored as failed (500).
        const [saved] = await t.db.delete(stripePayments).where(eq(stripePayments.id, paymentId)).returning();
        expect((await deliver(success)).status).toBe(500);
        if (saved) await t.db.insert(stripePayments).values(saved);
        const [retried, redelivered] = await Promise.allSettled([
          retryStripeEvent({ ctx: { db: t.db, actor: { type: "system" } }, input: { id: success.id } }),
          deliver(success),
        ]);
        // Whichever comes second finds the event taken: the retry says so, the redelivery is a 200.
        if (retried.status === "rejected") expect(String(retried.reason)).toMatch(/only failed events/);
        expect(redelivered.status === "fulfilled" && redelivered.value.status).toBe(200);
        const [event] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.id, success.id));
        expect(event?.status).toBe("processed");
      }),
    );
    await expectBalances(
      topups.map((p) => p.owner),
      "200.000000",
    );
  });
});
