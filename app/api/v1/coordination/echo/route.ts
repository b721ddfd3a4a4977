import { CoordinationEchoResponse, EchoInput } from "@/server/echo/schemas";
import { coordinationEcho } from "@/server/echo/service";
import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";

// POST /api/v1/coordination/echo — full echo with the auth context the pipeline established
export const POST = endpoint(
  {
    docs: {
      id: "coordinationEcho",
      tag: "Coordination",
      summary: "Echo with the auth context",
      description:
        "Answers the message with what the pipeline established about the caller: agent, organization, key, how it authenticated and whether a signature was verified. Logged and charged as a workflow execution.",
      credits: "workflow",
      errors: ["insufficient_credits"],
      examples: { request: { message: "hello from agent A", metadata: { trace: "abc123" } } },
    },
    route: "/api/v1/coordination/echo",
    access: ANY_ORG_CALLER,
    body: EchoInput,
    response: CoordinationEchoResponse,
    rateLimit: "coordination",
  },
  ({ ctx, body }) => coordinationEcho({ ctx, input: body }),
);
