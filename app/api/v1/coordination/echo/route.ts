import { CoordinationEchoResponse, EchoInput } from "@/server/echo/schemas";
import { coordinationEcho } from "@/server/echo/service";
import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";

// POST /api/v1/coordination/echo — full echo with the auth context the pipeline established
export const POST = endpoint(
  {
    route: "/api/v1/coordination/echo",
    access: ANY_ORG_CALLER,
    body: EchoInput,
    response: CoordinationEchoResponse,
    rateLimit: "coordination",
  },
  ({ ctx, body }) => coordinationEcho({ ctx, input: body }),
);
