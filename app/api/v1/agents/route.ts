import { AgentPage, CreateAgentInput, CreatedAgent, ListAgentsInput } from "@/server/agents/schemas";
import { createAgent, listAgents } from "@/server/agents/service";
import { endpoint, json } from "@/server/http/endpoint";

const route = "/api/v1/agents";

// GET /api/v1/agents — list the org's agents (?status=&q=&cursor=&limit=)
export const GET = endpoint(
  {
    route,
    access: { session: true, managementKeys: "agents:read" },
    query: ListAgentsInput,
    response: AgentPage,
    rateLimit: "agentList",
  },
  ({ ctx, query }) => listAgents({ ctx, input: query }),
);

// POST /api/v1/agents — create an agent and its first API key (the key is shown once)
export const POST = endpoint(
  {
    route,
    access: { session: true, managementKeys: "agents:write" },
    body: CreateAgentInput,
    response: CreatedAgent,
    rateLimit: "agentCreate",
  },
  async ({ ctx, body }) => json(await createAgent({ ctx, input: body }), { status: 201 }),
);
