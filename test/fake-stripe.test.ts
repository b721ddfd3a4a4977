import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeStripe } from "./fake-stripe";

// The fake must behave like Stripe where Brikk depends on it: the real SDK drives it here.

const fake = new FakeStripe();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

function sdk() {
  const url = new URL(fake.url);
  return new Stripe("sk_test_fake", {
    host: url.hostname,
    port: url.port,
    protocol: "http",
    maxNetworkRetries: 0,
    timeout: 500,
  });
}

describe("the fake Stripe", () => {
  it("replays a repeated Idempotency-Key and refuses it with other parameters (idempotency_error)", async () => {
    const stripe = sdk();
    const params = { amount: 500, currency: "usd" };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: "k-1" });
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: "k-1" });
    expect(again.id).toBe(first.id);
    await expect(
      stripe.paymentIntents.create({ ...params, amount: 600 }, { idempotencyKey: "k-1" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("fails the next calls as told (429, 500, no answer), then answers again", async () => {
    const stripe = sdk();
    fake.failNext(429, 500, "timeout");
    const create = (key: string) =>
      stripe.paymentIntents.create({ amount: 500, currency: "usd" }, { idempotencyKey: key });
    await expect(create("f-1")).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    await expect(create("f-2")).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await expect(create("f-3")).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    // A failed reply is not stored under its key: the same key works once Stripe is back.
    expect((await create("f-1")).status).toBe("requires_payment_method");
  });
});
