import { endpoint } from "@/server/http/endpoint";
import { listPayments } from "@/server/payments/queries";
import { ListPaymentsInput, PaymentPage } from "@/server/payments/schemas";

// GET /api/v1/billing/payments — the org's Stripe top-ups, newest first (owners and admins).
export const GET = endpoint(
  {
    docs: {
      id: "listPayments",
      tag: "Billing",
      summary: "List top-ups",
      description:
        "The organization's Stripe top-ups, newest first, with status, refunds and receipt link. Owners and admins (or `billing:read`).",
      errors: ["forbidden"],
    },
    route: "/api/v1/billing/payments",
    access: { session: true, managementKeys: "billing:read" },
    query: ListPaymentsInput,
    response: PaymentPage,
  },
  ({ ctx, query }) => listPayments({ ctx, input: query }),
);
