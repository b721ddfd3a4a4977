import { ListLogsInput, LogsPage } from "@/server/echo/schemas";
import { listLogs } from "@/server/echo/service";
import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";

// GET /api/v1/echo/logs — an agent key sees its own agent's logs; users and management keys the org's
export const GET = endpoint(
  {
    docs: {
      id: "listEchoLogs",
      tag: "Coordination",
      summary: "List message logs",
      description:
        "Echo and coordination-echo calls with their request and response, newest first. An agent key sees its own agent's logs; sessions and management keys the organization's.",
    },
    route: "/api/v1/echo/logs",
    access: ANY_ORG_CALLER,
    query: ListLogsInput,
    response: LogsPage,
    rateLimit: "echoLogs",
  },
  ({ ctx, query }) => listLogs({ ctx, input: query }),
);
