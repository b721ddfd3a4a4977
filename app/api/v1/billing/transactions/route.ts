import { listTransactions } from "@/server/billing/queries";
import { ListTransactionsInput, TransactionPage } from "@/server/billing/schemas";
import { endpoint } from "@/server/http/endpoint";

// GET /api/v1/billing/transactions — the org's ledger history (kind, dates, amounts, text; cursor)
export const GET = endpoint(
  {
    docs: {
      id: "listTransactions",
      tag: "Billing",
      summary: "List ledger transactions",
      description:
        "The organization's credit history (grants, top-ups, charges, refunds), newest first, filtered by kind, date, amount and text.",
    },
    route: "/api/v1/billing/transactions",
    access: { session: true, managementKeys: "billing:read" },
    query: ListTransactionsInput,
    response: TransactionPage,
  },
  ({ ctx, query }) => listTransactions({ ctx, input: query }),
);
