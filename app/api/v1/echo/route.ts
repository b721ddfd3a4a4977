import { EchoInput } from "@/server/echo/schemas";
import { echo } from "@/server/echo/service";
import { describeCaller, orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";

// POST /api/v1/echo — simplified echo: the message back, the request id and a timestamp
export const POST = endpoint(
  { route: "/api/v1/echo", auth: "any", body: EchoInput, rateLimit: "echo" },
  async ({ db, principal, body, requestId, startedAt, operationId }) =>
    echo({
      ctx: orgContextFor(principal, db, requestId, operationId),
      input: body,
      caller: describeCaller(principal),
      endpoint: "echo",
      startedAt,
    }),
);
