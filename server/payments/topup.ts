import { newId } from "@/db/ids";
import { stripePayments } from "@/db/schema";
import { recordAudit } from "../audit/service";
import { actorLabel, type OrgContext } from "../context";
import { getEnv } from "../platform/env";
import { assertRole } from "../roles";
import type { TopupInput } from "./schemas";
import { requireStripeConfig, stripeClient, stripeFailure } from "./stripe";

// A top-up starts here: a PaymentIntent for `credits` at CREDIT_PRICE_USD_CENTS each, and a
// payment row that webhooks move along. Nothing is credited until Stripe says it succeeded.

export const TOPUP_PRESETS = [100, 500, 1000] as const;

export type TopupView = {
  payment_id: string;
  payment_intent_id: string;
  client_secret: string;
  publishable_key: string;
  credits: number;
  amount: number;
  currency: "usd";
  status: string;
};

export async function createTopup({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: TopupInput;
}): Promise<TopupView> {
  assertRole(ctx.role, "admin", "top up credits");
  const config = requireStripeConfig();
  const amount = input.credits * getEnv().topup.priceCentsPerCredit;
  const paymentId = newId("payment");
  // The payment id is the Idempotency-Key: the SDK's own retries (network errors, 5xx) can never
  // create a second PaymentIntent for one top-up.
  const intent = await stripeClient()
    .paymentIntents.create(
      {
        amount,
        currency: "usd",
        automatic_payment_methods: { enabled: true },
        description: `Brikk credits: ${input.credits}`,
        metadata: { org_id: ctx.org.id, credits: String(input.credits), payment_id: paymentId },
      },
      { idempotencyKey: `brikk-topup-${paymentId}` },
    )
    .catch((error: unknown) => Promise.reject(stripeFailure(error)));
  if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} came back without a client secret`);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(stripePayments).values({
      id: paymentId,
      orgId: ctx.org.id,
      paymentIntentId: intent.id,
      amount: BigInt(amount),
      currency: "usd",
      credits: BigInt(input.credits),
      createdBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "billing.topup_started",
      target: { type: "payment", id: paymentId },
      metadata: { credits: input.credits, amount_cents: amount, payment_intent: intent.id },
    });
  });
  return {
    payment_id: paymentId,
    payment_intent_id: intent.id,
    client_secret: intent.client_secret,
    publishable_key: config.publishableKey,
    credits: input.credits,
    amount,
    currency: "usd",
    status: "requires_payment",
  };
}
