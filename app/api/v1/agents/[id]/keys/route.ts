import { AgentRef } from "@/server/agents/schemas";
import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint, json } from "@/server/http/endpoint";
import { AgentKeyList, IssuedKey, NewAgentKeyInput } from "@/server/keys/schemas";
import { createKey, listKeys } from "@/server/keys/service";

const route = "/api/v1/agents/{id}/keys";

// GET /api/v1/agents/{id}/keys — the agent's keys, revoked ones included
export const GET = endpoint(
  {
    docs: {
      id: "listAgentKeys",
      tag: "Agents",
      summary: "List an agent's keys",
      description: "Its keys, revoked ones included; never a secret.",
      errors: ["forbidden"],
    },
    route,
    access: ANY_ORG_CALLER,
    params: AgentRef,
    response: AgentKeyList,
  },
  async ({ ctx, params }) => {
    const keys = await listKeys({ ctx, input: { agent_id: params.id } });
    return { data: keys.map(({ agent_name: _, ...key }) => key) };
  },
);

// POST /api/v1/agents/{id}/keys — another key (and signing secret), both shown once
export const POST = endpoint(
  {
    docs: {
      id: "createAgentKey",
      tag: "Agents",
      status: 201,
      summary: "Create another key for an agent",
      description: "A new key and its signing secret, both shown in this answer only.",
      errors: ["forbidden"],
      examples: { request: { name: "staging" } },
    },
    route,
    access: ANY_ORG_CALLER,
    params: AgentRef,
    body: NewAgentKeyInput,
    response: IssuedKey,
  },
  async ({ ctx, params, body }) =>
    json(await createKey({ ctx, input: { kind: "agent", agent_id: params.id, name: body.name } }), {
      status: 201,
    }),
);
