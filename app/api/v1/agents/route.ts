import { CreateAgentInput, ListAgentsInput } from "@/server/agents/schemas";
import { createAgent, listAgents } from "@/server/agents/service";
import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { endpoint, json } from "@/server/http/endpoint";

// GET /api/v1/agents — list the org's agents (?status=&q=&cursor=&limit=)
export const GET = endpoint(
  { route: "/api/v1/agents", auth: "any", query: ListAgentsInput, rateLimit: "agentList" },
  async ({ db, principal, query, requestId }) => {
    assertManagementAccess(principal, "agents:read");
    return listAgents({ ctx: orgContextFor(principal, db, requestId), input: query });
  },
);

// POST /api/v1/agents — create an agent and its first API key (the key is shown once)
export const POST = endpoint(
  { route: "/api/v1/agents", auth: "any", body: CreateAgentInput, rateLimit: "agentCreate" },
  async ({ db, principal, body, requestId }) => {
    assertManagementAccess(principal, "agents:write");
    return json(await createAgent({ ctx: orgContextFor(principal, db, requestId), input: body }), {
      status: 201,
    });
  },
);
