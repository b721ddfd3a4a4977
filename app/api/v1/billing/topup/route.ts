import { z } from "zod";
import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { validationError } from "@/server/http/body";
import { endpoint, json } from "@/server/http/endpoint";
import { createTopup, topupInputSchema } from "@/server/payments/topup";

// POST /api/v1/billing/topup — start a Stripe top-up: { credits } → client secret + publishable key.
// Owners and admins (or a management key with billing:write); credits arrive with the webhook.
export const POST = endpoint(
  { route: "/api/v1/billing/topup", auth: "any", body: z.unknown() },
  async ({ db, principal, requestId, body }) => {
    assertManagementAccess(principal, "billing:write");
    // The bounds come from the environment, so the schema is built per request, not at import.
    const input = topupInputSchema().safeParse(body);
    if (!input.success) throw validationError(input.error, "body");
    const topup = await createTopup({ ctx: orgContextFor(principal, db, requestId), input: input.data });
    return json(topup, { status: 201 });
  },
);
