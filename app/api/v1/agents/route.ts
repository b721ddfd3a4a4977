import { AgentPage, CreateAgentInput, CreatedAgent, ListAgentsInput } from "@/server/agents/schemas";
import { createAgent, listAgents } from "@/server/agents/service";
import { endpoint, json } from "@/server/http/endpoint";

const route = "/api/v1/agents";

// GET /api/v1/agents — list the org's agents (?status=&q=&cursor=&limit=)
export const GET = endpoint(
  {
    docs: {
      id: "listAgents",
      tag: "Agents",
      summary: "List agents",
      description:
        "The organization's agents, newest first, filtered by `status` and a name search `q`; page with `cursor` and `limit` (≤ 100).",
    },
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
    docs: {
      id: "createAgent",
      tag: "Agents",
      status: 201,
      summary: "Create an agent",
      description:
        "Creates the agent and its first API key. The key's `secret` and `signing_secret` are in this answer only: store them now.",
      examples: {
        request: {
          name: "Research assistant",
          description: "Finds and summarises sources",
          tags: ["research"],
          key_name: "production",
        },
      },
    },
    route,
    access: { session: true, managementKeys: "agents:write" },
    body: CreateAgentInput,
    response: CreatedAgent,
    rateLimit: "agentCreate",
  },
  async ({ ctx, body }) => json(await createAgent({ ctx, input: body }), { status: 201 }),
);
