import { endpoint, json } from "@/server/http/endpoint";
import { TopupInput, TopupView } from "@/server/payments/schemas";
import { createTopup } from "@/server/payments/topup";

// POST /api/v1/billing/topup — start a Stripe top-up: { credits } → client secret + publishable key.
// Owners and admins (or a management key with billing:write); credits arrive with the webhook.
export const POST = endpoint(
  {
    route: "/api/v1/billing/topup",
    access: { session: true, managementKeys: "billing:write" },
    body: TopupInput,
    response: TopupView,
  },
  async ({ ctx, body }) => json(await createTopup({ ctx, input: body }), { status: 201 }),
);
