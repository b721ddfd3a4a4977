import { ListTransactionsInput, listTransactions } from "@/server/billing/queries";
import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";

// GET /api/v1/billing/transactions — the org's ledger history (kind, dates, amounts, text; cursor)
export const GET = endpoint(
  { route: "/api/v1/billing/transactions", auth: "any", query: ListTransactionsInput },
  async ({ db, principal, query, requestId }) => {
    assertManagementAccess(principal, "billing:read");
    return listTransactions({ ctx: orgContextFor(principal, db, requestId), input: query });
  },
);
