import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";
import { ListPaymentsInput, listPayments } from "@/server/payments/queries";

// GET /api/v1/billing/payments — the org's Stripe top-ups, newest first (owners and admins).
export const GET = endpoint(
  { route: "/api/v1/billing/payments", auth: "any", query: ListPaymentsInput },
  async ({ db, principal, query, requestId }) => {
    assertManagementAccess(principal, "billing:read");
    return listPayments({ ctx: orgContextFor(principal, db, requestId), input: query });
  },
);
