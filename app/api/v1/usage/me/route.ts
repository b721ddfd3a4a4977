import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { UsageMe } from "@/server/llm/schemas";
import { usageMe } from "@/server/llm/usage";

// GET /api/v1/usage/me — the caller's LLM spend today / this week / this month, per model, and caps.
export const GET = endpoint(
  {
    docs: {
      id: "getUsage",
      tag: "LLM gateway",
      summary: "Get the caller's LLM usage",
      description:
        "Spend today, this week and this month (cost, requests, tokens), per model this month, and the calling key's caps.",
    },
    route: "/api/v1/usage/me",
    access: ANY_ORG_CALLER,
    response: UsageMe,
  },
  ({ ctx }) => usageMe({ ctx }),
);
