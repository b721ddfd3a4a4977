import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { GET as balanceRoute } from "@/app/api/v1/billing/balance/route";
import { POST as topupRoute } from "@/app/api/v1/billing/topup/route";
import { POST as webhookRoute } from "@/app/api/v1/billing/webhooks/stripe/route";
import { setEnvForTests } from "@/server/platform/env";
import { declaredBody } from "./contract";
import { ORIGIN, sessionRequest, type TestUser } from "./factories";
import { FakeStripe } from "./fake-stripe";

// What every Stripe test file needs: a fake Stripe for the file, Brikk pointed at it before each
// test, and helpers to start a top-up, deliver signed webhooks and read a balance.

export const WEBHOOK_SECRET = "whsec_test_secret_for_brikk";

export const STRIPE_ENV = (stripe: FakeStripe) => ({
  STRIPE_SECRET_KEY: "sk_test_brikk",
  STRIPE_PUBLISHABLE_KEY: "pk_test_brikk",
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_API_URL: stripe.url,
  BRIKK_SIGNUP_CREDITS: "100",
});

export function withFakeStripe() {
  const stripe = new FakeStripe({ webhookSecret: WEBHOOK_SECRET });
  beforeAll(() => stripe.start());
  afterAll(() => stripe.stop());
  beforeEach(() => {
    stripe.resetFailures();
    setEnvForTests(STRIPE_ENV(stripe));
  });

  const topup = (user: TestUser, credits: unknown) =>
    topupRoute(
      sessionRequest("/api/v1/billing/topup", { method: "POST", cookie: user.cookie, body: { credits } }),
    );

  async function startTopup(user: TestUser, credits: number) {
    const res = await topup(user, credits);
    expect(res.status).toBe(201);
    return declaredBody<{ payment_id: string; payment_intent_id: string; client_secret: string }>(
      topupRoute,
      res,
    );
  }

  function deliver(event: Stripe.Event, secret = WEBHOOK_SECRET) {
    const payload = JSON.stringify(event);
    return webhookRoute(
      new Request(`${ORIGIN}/api/v1/billing/webhooks/stripe`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "stripe-signature": stripe.signature(payload, secret),
        },
        body: payload,
      }),
    );
  }

  async function deliverAll(events: Stripe.Event[]) {
    for (const event of events) {
      const res = await deliver(event);
      expect(res.status).toBe(200);
      await declaredBody(webhookRoute, res);
    }
  }

  async function balanceOf(user: TestUser) {
    const res = await balanceRoute(sessionRequest("/api/v1/billing/balance", { cookie: user.cookie }));
    return (await res.json()) as { balance: string; owed: string; available: string };
  }

  return { stripe, topup, startTopup, deliver, deliverAll, balanceOf };
}

export const succeeded = (events: Stripe.Event[]) =>
  events.filter((e) => e.type === "payment_intent.succeeded");
