import { getBalance } from "@/server/billing/queries";
import { AppError } from "@/server/errors";
import { orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";

// GET /api/v1/billing/balance — the org's credits, what it owes, and its usage today / 7 d / 30 d
export const GET = endpoint(
  { route: "/api/v1/billing/balance", auth: "any" },
  async ({ db, principal, requestId }) => {
    // Agents may read their org's balance (free); management keys need billing:read.
    if (principal.kind === "management" && !principal.key.key.scopes.includes("billing:read")) {
      throw new AppError("forbidden", "This management key lacks the billing:read scope");
    }
    return getBalance({ ctx: orgContextFor(principal, db, requestId) });
  },
);
