import { endpoint, json } from "@/server/http/endpoint";
import { TopupInput, TopupView } from "@/server/payments/schemas";
import { createTopup } from "@/server/payments/topup";

// POST /api/v1/billing/topup — start a Stripe top-up: { credits } → client secret + publishable key.
// Owners and admins (or a management key with billing:write); credits arrive with the webhook.
export const POST = endpoint(
  {
    docs: {
      id: "createTopup",
      tag: "Billing",
      status: 201,
      summary: "Start a top-up",
      description:
        "Creates a Stripe PaymentIntent for `credits` and answers its `client_secret` and the publishable key, for Stripe.js to confirm. The credits arrive when Stripe's webhook says the payment succeeded. Owners and admins (or `billing:write`).",
      errors: ["forbidden", "provider_auth_error", "provider_unavailable"],
      examples: { request: { credits: 500 } },
    },
    route: "/api/v1/billing/topup",
    access: { session: true, managementKeys: "billing:write" },
    body: TopupInput,
    response: TopupView,
  },
  async ({ ctx, body }) => json(await createTopup({ ctx, input: body }), { status: 201 }),
);
