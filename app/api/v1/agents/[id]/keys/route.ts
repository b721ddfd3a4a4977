import { AgentRef } from "@/server/agents/schemas";
import { getAgent } from "@/server/agents/service";
import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { endpoint, json } from "@/server/http/endpoint";
import { NewAgentKeyInput } from "@/server/keys/lifecycle";
import { createAgentKey, listKeysForAgent } from "@/server/keys/service";

const route = "/api/v1/agents/{id}/keys";

// GET /api/v1/agents/{id}/keys — the agent's keys, revoked ones included
export const GET = endpoint(
  { route, auth: "any", params: AgentRef },
  async ({ db, principal, params, requestId }) => {
    assertManagementAccess(principal, "agents:read");
    const ctx = orgContextFor(principal, db, requestId);
    await getAgent({ ctx, id: params.id });
    return { data: await listKeysForAgent({ ctx, agentId: params.id }) };
  },
);

// POST /api/v1/agents/{id}/keys — another key (and signing secret), both shown once
export const POST = endpoint(
  { route, auth: "any", params: AgentRef, body: NewAgentKeyInput },
  async ({ db, principal, params, body, requestId }) => {
    assertManagementAccess(principal, "keys:write");
    const ctx = orgContextFor(principal, db, requestId);
    return json(await createAgentKey({ ctx, agentId: params.id, name: body.name }), { status: 201 });
  },
);
