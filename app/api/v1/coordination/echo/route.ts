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
      examples: {
        request: { message: "hello from agent A", metadata: { trace: "abc123" } },
        response: {
          echo: "hello from agent A",
          metadata: { trace: "abc123" },
          agent: { id: "agt_01m9493h3hz4rqy9bxy55h001h", name: "Research assistant" },
          org: { id: "org_01m9493jzag205hpzxkx385zw6", name: "Acme Research" },
          auth: { method: "api_key", key_id: "key_01m9493h4a1b2c3d4e5f6g7h8j", signature_verified: false },
          request_id: "req_01m9494kecm8j6djrmk60sj2fy",
          received_at: "2026-12-05T23:37:52.661Z",
          responded_at: "2026-12-05T23:37:52.668Z",
        },
      },
    },
    route: "/api/v1/coordination/echo",
    access: ANY_ORG_CALLER,
    body: EchoInput,
    response: CoordinationEchoResponse,
    rateLimit: "coordination",
  },
  ({ ctx, body }) => coordinationEcho({ ctx, input: body }),
);
