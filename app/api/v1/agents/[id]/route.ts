import { AgentRef, PatchAgentInput, ReplaceAgentInput } from "@/server/agents/schemas";
import { deleteAgent, getAgent, updateAgent } from "@/server/agents/service";
import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";

const route = "/api/v1/agents/{id}";

// GET /api/v1/agents/{id} — one agent of the caller's org (404 for any other)
export const GET = endpoint(
  { route, auth: "any", params: AgentRef },
  async ({ db, principal, params, requestId }) => {
    assertManagementAccess(principal, "agents:read");
    return getAgent({ ctx: orgContextFor(principal, db, requestId), id: params.id });
  },
);

// PUT /api/v1/agents/{id} — replace every field
export const PUT = endpoint(
  { route, auth: "any", params: AgentRef, body: ReplaceAgentInput },
  async ({ db, principal, params, body, requestId }) => {
    assertManagementAccess(principal, "agents:write");
    return updateAgent({ ctx: orgContextFor(principal, db, requestId), id: params.id, input: body });
  },
);

// PATCH /api/v1/agents/{id} — change the named fields
export const PATCH = endpoint(
  { route, auth: "any", params: AgentRef, body: PatchAgentInput },
  async ({ db, principal, params, body, requestId }) => {
    assertManagementAccess(principal, "agents:write");
    return updateAgent({ ctx: orgContextFor(principal, db, requestId), id: params.id, input: body });
  },
);

// DELETE /api/v1/agents/{id} — soft delete; its keys stop working
export const DELETE = endpoint(
  { route, auth: "any", params: AgentRef },
  async ({ db, principal, params, requestId }) => {
    assertManagementAccess(principal, "agents:write");
    await deleteAgent({ ctx: orgContextFor(principal, db, requestId), id: params.id });
    return new Response(null, { status: 204 });
  },
);
