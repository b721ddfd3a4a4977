import { ListLogsInput } from "@/server/echo/schemas";
import { listLogs } from "@/server/echo/service";
import { orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";

// GET /api/v1/echo/logs — an agent key sees its own agent's logs; users and management keys the org's
export const GET = endpoint(
  { route: "/api/v1/echo/logs", auth: "any", query: ListLogsInput, rateLimit: "echoLogs" },
  async ({ db, principal, query, requestId }) =>
    listLogs({
      ctx: orgContextFor(principal, db, requestId),
      input: query,
      onlyAgentId: principal.kind === "agent" ? (principal.key.agent?.id ?? "none") : undefined,
    }),
);
