import { EchoInput, EchoResponse } from "@/server/echo/schemas";
import { echo } from "@/server/echo/service";
import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";

// POST /api/v1/echo — simplified echo: the message back, the request id and a timestamp
export const POST = endpoint(
  {
    docs: {
      id: "echo",
      tag: "Coordination",
      summary: "Echo a message",
      description: "The message back with the request id and a timestamp. Logged and charged as an API call.",
      credits: "api_call",
      errors: ["insufficient_credits"],
      examples: {
        request: { message: "hello" },
        response: {
          echo: "hello",
          request_id: "req_01m9494kecm8j6djrmk60sj2fy",
          timestamp: "2026-12-05T23:37:52.668Z",
        },
      },
    },
    route: "/api/v1/echo",
    access: ANY_ORG_CALLER,
    body: EchoInput,
    response: EchoResponse,
    rateLimit: "echo",
  },
  ({ ctx, body }) => echo({ ctx, input: body }),
);
