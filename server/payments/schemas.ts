import { z } from "zod";
import { PAYMENT_STATUSES } from "@/db/schema";
import { getEnv } from "../platform/env";
import { pageLimit } from "../platform/paging";
import { Cursor, Decimal, pageOf, Timestamp } from "../schemas";

// One schema per input of the payment actions, shared by the REST routes and the tRPC procedures.

export const ListPaymentsInput = z.strictObject({
  cursor: Cursor.optional(),
  limit: pageLimit(20),
});
export type ListPaymentsInput = z.infer<typeof ListPaymentsInput>;

/**
 * A top-up's size in whole credits. Its bounds (BRIKK_TOPUP_MIN_CREDITS / _MAX_CREDITS) are read
 * when a request is checked, not when this module loads, so one schema serves every configuration.
 */
export const TopupInput = z
  .strictObject({
    credits: z.number({ error: "credits must be a whole number" }).int("credits must be a whole number"),
  })
  .superRefine(({ credits }, check) => {
    const { minCredits, maxCredits } = getEnv().topup;
    const outside =
      credits < minCredits
        ? `credits must be at least ${minCredits}`
        : credits > maxCredits
          ? `credits must be at most ${maxCredits}`
          : null;
    if (outside) check.addIssue({ code: "custom", path: ["credits"], message: outside, input: credits });
  });
export type TopupInput = z.infer<typeof TopupInput>;

/** A failed Stripe event a platform administrator retries, by Stripe's event id. */
export const StripeEventRef = z.strictObject({ id: z.string().min(1, "id is required").max(255) });
export type StripeEventRef = z.infer<typeof StripeEventRef>;

// Responses, as they travel in JSON.

export const PaymentView = z.object({
  id: z.string(),
  payment_intent_id: z.string(),
  credits: Decimal,
  amount: Decimal,
  amount_cents: z.number().int(),
  currency: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amount_refunded_cents: z.number().int(),
  credits_reversed: Decimal,
  receipt_url: z.string().nullable(),
  failure_message: z.string().nullable(),
  created_by: z.string(),
  created_at: Timestamp,
  succeeded_at: Timestamp.nullable(),
});

export const PaymentPage = pageOf(PaymentView);

/** A started top-up: what Stripe.js needs to confirm the payment in the browser. */
export const TopupView = z.object({
  payment_id: z.string(),
  payment_intent_id: z.string(),
  client_secret: z.string(),
  publishable_key: z.string(),
  credits: z.number().int(),
  amount: z.number().int(),
  currency: z.literal("usd"),
  status: z.string(),
});

/** Stripe's delivery, acknowledged. */
/** A Stripe event as delivered (documented; the route verifies it with Stripe's library, not zod). */
export const StripeEventBody = z.looseObject({
  id: z.string(),
  object: z.literal("event"),
  type: z.string(),
  created: z.number().int(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

export const WebhookReceipt = z.object({
  received: z.literal(true),
  event_id: z.string(),
  type: z.string(),
  status: z.enum(["processed", "ignored", "duplicate"]),
});
