import { AgentRef } from "@/server/agents/schemas";
import { orgContextFor } from "@/server/http/authenticate";
import { endpoint, json } from "@/server/http/endpoint";
import { NewAgentKeyInput } from "@/server/keys/schemas";
import { createKey, listKeys } from "@/server/keys/service";

const route = "/api/v1/agents/{id}/keys";

// GET /api/v1/agents/{id}/keys — the agent's keys, revoked ones included
export const GET = endpoint(
  { route, auth: "any", params: AgentRef },
  async ({ db, principal, params, requestId }) => {
    const ctx = orgContextFor(principal, db, requestId);
    const keys = await listKeys({ ctx, filter: { agent_id: params.id } });
    return { data: keys.map(({ agent_name: _, ...key }) => key) };
  },
);

// POST /api/v1/agents/{id}/keys — another key (and signing secret), both shown once
export const POST = endpoint(
  { route, auth: "any", params: AgentRef, body: NewAgentKeyInput },
  async ({ db, principal, params, body, requestId }) => {
    const ctx = orgContextFor(principal, db, requestId);
    const issued = await createKey({ ctx, input: { kind: "agent", agent_id: params.id, name: body.name } });
    return json(issued, { status: 201 });
  },
);
