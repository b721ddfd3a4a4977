import { EchoInput } from "@/server/echo/schemas";
import { echo } from "@/server/echo/service";
import { describeCaller, orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";

// POST /api/v1/coordination/echo — full echo with the auth context the pipeline established
export const POST = endpoint(
  { route: "/api/v1/coordination/echo", auth: "any", body: EchoInput, rateLimit: "coordination" },
  async ({ db, principal, body, requestId, startedAt, operationId }) =>
    echo({
      ctx: orgContextFor(principal, db, requestId, operationId),
      input: body,
      caller: describeCaller(principal),
      endpoint: "coordination_echo",
      startedAt,
    }),
);
