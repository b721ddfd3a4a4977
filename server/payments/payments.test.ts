import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { GET as paymentsRoute } from "@/app/api/v1/billing/payments/route";
import { POST as topupRoute } from "@/app/api/v1/billing/topup/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { auditEvents, stripeEvents, stripePayments } from "@/db/schema";
import { declaredBody } from "@/test/contract";
import { withTestDb } from "@/test/db";
import { addMember, createUser, ORIGIN, orgContext, sessionRequest } from "@/test/factories";
import { STRIPE_ENV, succeeded, withFakeStripe } from "@/test/payments-kit";
import { reconcileLedger } from "../ledger/reconcile";
import { setEnvForTests } from "../platform/env";
import { getReceipt } from "./queries";
import { retryStripeEvent } from "./webhook";

const t = withTestDb();
const { stripe, topup, startTopup, deliver, deliverAll, balanceOf } = withFakeStripe();

describe("POST /api/v1/billing/topup", () => {
  it("creates a PaymentIntent with the org and credits in metadata and an Idempotency-Key", async () => {
    const owner = await createUser(t.db);
    const before = stripe.requests.length;
    const started = await startTopup(owner, 500);
    expect(started.client_secret).toMatch(/^pi_.+_secret_/);
    expect(started).toMatchObject({
      publishable_key: "pk_test_brikk",
      credits: 500,
      amount: 500,
      currency: "usd",
    });
    const sent = stripe.requests.slice(before).filter((r) => r.method === "POST");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.idempotencyKey).toBe(`brikk-topup-${started.payment_id}`);
    const intent = stripe.intents.get(started.payment_intent_id);
    expect(intent?.metadata).toEqual({ org_id: owner.orgId, credits: "500", payment_id: started.payment_id });
    const [row] = await t.db.select().from(stripePayments).where(eq(stripePayments.id, started.payment_id));
    expect(row).toMatchObject({
      orgId: owner.orgId,
      credits: 500n,
      amount: 500n,
      status: "requires_payment",
    });
    expect((await balanceOf(owner)).balance).toBe("100.000000"); // nothing credited before the webhook
  });

  it("refuses amounts outside the bounds, naming the field, and changes nothing", async () => {
    const owner = await createUser(t.db);
    for (const credits of [10, 100_001, 12.5, "500", null]) {
      const res = await topup(owner, credits);
      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem.errors[0].pointer).toBe("/credits");
    }
    expect(
      await t.db.select().from(stripePayments).where(eq(stripePayments.orgId, owner.orgId)),
    ).toHaveLength(0);
  });

  it("is for owners and admins only", async () => {
    const owner = await createUser(t.db);
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    const res = await topupRoute(
      sessionRequest("/api/v1/billing/topup", {
        method: "POST",
        cookie: `${member.cookie}; brikk_org=${owner.orgId}`,
        body: { credits: 100 },
      }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/admins and above can top up/);
  });

  it("answers 503 (nothing stored) when Stripe rate-limits, fails or does not answer, and rides out a blip", async () => {
    setEnvForTests({ ...STRIPE_ENV(stripe), STRIPE_TIMEOUT_MS: "300" });
    const owner = await createUser(t.db);
    const intentsBefore = stripe.intents.size;
    // 500s are retried by the SDK (twice, same Idempotency-Key); a 429 is not; a silent Stripe times out.
    for (const failures of [[500, 500, 500], [429], ["timeout", "timeout", "timeout"]] as const) {
      stripe.failNext(...failures);
      const res = await topup(owner, 100);
      expect(res.status, String(failures)).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect((await res.json()).detail).toMatch(/nothing was charged/);
    }
    expect(
      await t.db.select().from(stripePayments).where(eq(stripePayments.orgId, owner.orgId)),
    ).toHaveLength(0);
    // One 500, then Stripe answers the SDK's retry: one PaymentIntent, not two.
    stripe.failNext(500);
    const recovered = await topup(owner, 100);
    expect(recovered.status).toBe(201);
    expect(stripe.intents.size).toBe(intentsBefore + 1);
  });

  it("answers 502 when Stripe rejects the server's key", async () => {
    setEnvForTests({ ...STRIPE_ENV(stripe), STRIPE_SECRET_KEY: "rk_wrong" });
    const res = await topup(await createUser(t.db), 100);
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe("provider_auth_error");
  });

  it("says Stripe is not configured when the keys are unset", async () => {
    setEnvForTests({ STRIPE_SECRET_KEY: "", STRIPE_PUBLISHABLE_KEY: "" });
    const owner = await createUser(t.db);
    const res = await topup(owner, 100);
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/Stripe is not configured/);
  });
});

describe("POST /api/v1/billing/webhooks/stripe", () => {
  it("credits a succeeded top-up once, however often the event is delivered", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id, payment_id } = await startTopup(owner, 500);
    const events = stripe.succeed(payment_intent_id);
    const success = succeeded(events)[0] as Stripe.Event;
    // Stripe redelivers: five deliveries of the same event, one after another (concurrent ones are
    // in payments.pg.test.ts, where they can race).
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      const res = await deliver(success);
      expect(res.status).toBe(200);
      outcomes.push((await res.json()).status);
    }
    expect(outcomes).toEqual(["processed", "duplicate", "duplicate", "duplicate", "duplicate"]);
    await deliverAll(events.filter((e) => e !== success));
    expect((await balanceOf(owner)).balance).toBe("600.000000");
    const [row] = await t.db.select().from(stripePayments).where(eq(stripePayments.id, payment_id));
    expect(row?.status).toBe("succeeded");
    expect(row?.receiptUrl).toContain(payment_intent_id);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("rejects a bad signature with 400 and stores nothing", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id } = await startTopup(owner, 100);
    const success = succeeded(stripe.succeed(payment_intent_id))[0] as Stripe.Event;
    const res = await deliver(success, "whsec_wrong");
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/Stripe-Signature/);
    expect(await t.db.select().from(stripeEvents).where(eq(stripeEvents.id, success.id))).toHaveLength(0);
    expect((await balanceOf(owner)).balance).toBe("100.000000");
  });

  it("ignores a failure reported after the success", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id, payment_id } = await startTopup(owner, 100);
    await deliverAll(stripe.succeed(payment_intent_id));
    await deliverAll(stripe.fail(payment_intent_id));
    expect((await balanceOf(owner)).balance).toBe("200.000000");
    const [row] = await t.db.select().from(stripePayments).where(eq(stripePayments.id, payment_id));
    expect(row?.status).toBe("succeeded");
  });

  it("marks a failed payment and credits nothing", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id, payment_id } = await startTopup(owner, 100);
    await deliverAll(stripe.fail(payment_intent_id, "Insufficient funds"));
    const [row] = await t.db.select().from(stripePayments).where(eq(stripePayments.id, payment_id));
    expect(row).toMatchObject({ status: "failed", failureMessage: "Insufficient funds" });
    expect((await balanceOf(owner)).balance).toBe("100.000000");
  });

  it("handles partial, repeated and late refunds", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id, payment_id } = await startTopup(owner, 1000);
    await deliverAll(stripe.succeed(payment_intent_id));
    const first = stripe.refund(payment_intent_id, 300); // cumulative 300
    const second = stripe.refund(payment_intent_id, 200); // cumulative 500
    await deliverAll(second); // out of order: the larger figure first
    await deliverAll(first); // late: changes nothing
    await deliverAll(second); // repeated: changes nothing
    expect((await balanceOf(owner)).balance).toBe("600.000000"); // 100 + 1000 - 500
    const [row] = await t.db.select().from(stripePayments).where(eq(stripePayments.id, payment_id));
    expect(row).toMatchObject({
      status: "partially_refunded",
      amountRefunded: 500n,
      creditsReversed: 500_000_000n,
    });
    await deliverAll(stripe.refund(payment_intent_id)); // the rest
    expect((await balanceOf(owner)).balance).toBe("100.000000");
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("applies a refund that arrives before its success once the success arrives", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id } = await startTopup(owner, 500);
    const success = stripe.succeed(payment_intent_id);
    const refund = stripe.refund(payment_intent_id, 200);
    await deliverAll(refund);
    expect((await balanceOf(owner)).balance).toBe("100.000000");
    await deliverAll(success);
    expect((await balanceOf(owner)).balance).toBe("400.000000"); // 100 + 500 - 200
  });

  it("turns a refund of spent credits into debt, refuses paid calls, and the next top-up repays it", async () => {
    const owner = await createUser(t.db);
    const agent = await createAgentRoute(
      sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Spender" } }),
    );
    const key = (await agent.json()).api_key.secret as string;
    const echo = () =>
      echoRoute(
        new Request(`${ORIGIN}/api/v1/echo`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ message: "hi" }),
        }),
      );
    const { payment_intent_id } = await startTopup(owner, 100);
    await deliverAll(stripe.succeed(payment_intent_id)); // 200 credits
    // Spend below 100 so a full refund of the 100 bought leaves a debt.
    setEnvForTests({ ...STRIPE_ENV(stripe), CREDITS_PER_API_CALL: "60" });
    for (let i = 0; i < 3; i++) expect((await echo()).status).toBe(200); // ~180 spent, ~20 left
    await deliverAll(stripe.refund(payment_intent_id));
    const inDebt = await balanceOf(owner);
    expect(inDebt.balance).toBe("0.000000");
    expect(Number(inDebt.owed)).toBeGreaterThan(79);
    const refused = await echo();
    expect(refused.status).toBe(402);
    expect((await refused.json()).owed).toBe(inDebt.owed);
    const next = await startTopup(owner, 500);
    await deliverAll(stripe.succeed(next.payment_intent_id));
    const repaid = await balanceOf(owner);
    expect(repaid.owed).toBe("0.000000");
    expect(Number(repaid.balance)).toBeCloseTo(500 - Number(inDebt.owed), 6);
    expect((await echo()).status).toBe(200);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("stores unknown events as ignored and acknowledges them", async () => {
    const event = stripe.event("customer.created", { id: "cus_123", object: "customer" });
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ignored" });
    const [row] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
    expect(row?.status).toBe("ignored");
  });

  it("stores an event that could not be processed as failed, and a retry applies it", async () => {
    const owner = await createUser(t.db);
    const { payment_intent_id, payment_id } = await startTopup(owner, 100);
    const success = succeeded(stripe.succeed(payment_intent_id))[0] as Stripe.Event;
    // The payment row is not there (yet): processing fails, Stripe gets a 500 and will redeliver.
    const saved = (await t.db.delete(stripePayments).where(eq(stripePayments.id, payment_id)).returning())[0];
    const res = await deliver(success);
    expect(res.status).toBe(500);
    const [failed] = await t.db.select().from(stripeEvents).where(eq(stripeEvents.id, success.id));
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed?.lastError).toMatch(/no Brikk payment/);
    if (saved) await t.db.insert(stripePayments).values(saved);
    expect(
      await retryStripeEvent({ ctx: { db: t.db, actor: { type: "system" } }, input: { id: success.id } }),
    ).toMatchObject({ status: "processed" });
    expect((await balanceOf(owner)).balance).toBe("200.000000");
    await expect(
      retryStripeEvent({ ctx: { db: t.db, actor: { type: "system" } }, input: { id: success.id } }),
    ).rejects.toThrow(/only failed events/);
  });

  it("flags a burst of failed payments as an anomaly", async () => {
    const owner = await createUser(t.db);
    for (let i = 0; i < 3; i++) {
      const { payment_intent_id } = await startTopup(owner, 100);
      await deliverAll(stripe.fail(payment_intent_id));
    }
    const flags = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "billing.anomaly_flagged"));
    expect(flags.filter((f) => f.orgId === owner.orgId)).toHaveLength(1);
  });
});

describe("receipts", () => {
  it("exist for succeeded payments of the caller's org only", async () => {
    const owner = await createUser(t.db, { name: "Rita" });
    const { payment_intent_id, payment_id } = await startTopup(owner, 250);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    await expect(getReceipt({ ctx, input: { id: payment_id } })).rejects.toMatchObject({ code: "not_found" });
    await deliverAll(stripe.succeed(payment_intent_id));
    const receipt = await getReceipt({ ctx, input: { id: payment_id } });
    expect(receipt).toMatchObject({
      credits: "250",
      amount: "2.50",
      unit_price_cents: 1,
      status: "succeeded",
    });
    expect(receipt.org.id).toBe(owner.orgId);
    const stranger = await createUser(t.db);
    const strangerCtx = await orgContext(t.db, stranger, stranger.orgId);
    await expect(getReceipt({ ctx: strangerCtx, input: { id: payment_id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("GET /api/v1/billing/payments", () => {
  it("lists the org's payments for owners, newest first", async () => {
    const owner = await createUser(t.db);
    const a = await startTopup(owner, 100);
    const b = await startTopup(owner, 500);
    const res = await paymentsRoute(sessionRequest("/api/v1/billing/payments", { cookie: owner.cookie }));
    expect(res.status).toBe(200);
    const body = await declaredBody<{ data: { id: string }[] }>(paymentsRoute, res);
    expect(body.data.map((p) => p.id)).toEqual([b.payment_id, a.payment_id]);
    expect(body.data[0]).toMatchObject({ credits: "500", amount: "5.00", status: "requires_payment" });
    const second = await paymentsRoute(
      sessionRequest(`/api/v1/billing/payments?limit=1&cursor=${b.payment_id}`, { cookie: owner.cookie }),
    );
    expect((await second.json()).data.map((p: { id: string }) => p.id)).toEqual([a.payment_id]);
  });
});
