import { readBodyText } from "@/server/http/body";
import { endpoint } from "@/server/http/endpoint";
import { StripeEventBody, WebhookReceipt } from "@/server/payments/schemas";
import { processStripeEvent, verifyStripeEvent } from "@/server/payments/webhook";

// POST /api/v1/billing/webhooks/stripe — Stripe's deliveries. No API key and no Idempotency-Key:
// the Stripe-Signature over the raw body authenticates it, and the event id makes it idempotent.
export const POST = endpoint(
  {
    docs: {
      id: "receiveStripeEvent",
      tag: "Billing",
      summary: "Receive a Stripe event",
      description:
        "Stripe's deliveries (`payment_intent.succeeded`, `charge.refunded`, …). No API key and no Idempotency-Key: the `Stripe-Signature` over the raw body authenticates it, and the event id makes redelivery harmless.",
      errors: ["bad_request", "payload_too_large", "conflict"],
      rawBody: { schema: StripeEventBody, description: "The Stripe event, exactly as Stripe signed it." },
      requestHeaders: [
        {
          name: "Stripe-Signature",
          in: "header",
          required: true,
          description: "Stripe's signature of the raw body (`t=…,v1=…`), checked with STRIPE_WEBHOOK_SECRET.",
          schema: { type: "string" },
        },
      ],
    },
    route: "/api/v1/billing/webhooks/stripe",
    access: "public",
    bodyLimitBytes: 512 * 1024,
    response: WebhookReceipt,
  },
  async ({ ctx, req, annotate }) => {
    const raw = await readBodyText(req, 512 * 1024);
    const event = await verifyStripeEvent(raw, req.headers.get("stripe-signature"));
    annotate({ stripe_event: event.id, stripe_type: event.type });
    const outcome = await processStripeEvent({ ctx, input: event });
    return { received: true, ...outcome };
  },
);
