import { getBalance } from "@/server/billing/queries";
import { BalanceView } from "@/server/billing/schemas";
import { endpoint } from "@/server/http/endpoint";

// GET /api/v1/billing/balance — the org's credits, what it owes, and its usage today / 7 d / 30 d.
// Agents may read their org's balance (free); management keys need billing:read.
export const GET = endpoint(
  {
    docs: {
      id: "getBalance",
      tag: "Billing",
      summary: "Get the credit balance",
      description:
        "Credits held, reserved by calls in flight, available, owed, and usage today, this week and this month by service. Amounts are decimal strings in credits.",
    },
    route: "/api/v1/billing/balance",
    access: { session: true, agentKeys: true, managementKeys: "billing:read" },
    response: BalanceView,
  },
  ({ ctx }) => getBalance({ ctx }),
);
