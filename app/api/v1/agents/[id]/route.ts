import { AgentRef, AgentView, PatchAgentInput, ReplaceAgentInput } from "@/server/agents/schemas";
import { deleteAgent, getAgent, updateAgent } from "@/server/agents/service";
import { endpoint } from "@/server/http/endpoint";

const route = "/api/v1/agents/{id}";
const read = { session: true, managementKeys: "agents:read" } as const;
const write = { session: true, managementKeys: "agents:write" } as const;

// GET /api/v1/agents/{id} — one agent of the caller's org (404 for any other)
export const GET = endpoint(
  { route, access: read, params: AgentRef, response: AgentView },
  ({ ctx, params }) => getAgent({ ctx, input: params }),
);

// PUT /api/v1/agents/{id} — replace every field
export const PUT = endpoint(
  { route, access: write, params: AgentRef, body: ReplaceAgentInput, response: AgentView },
  ({ ctx, params, body }) => updateAgent({ ctx, input: { id: params.id, patch: body } }),
);

// PATCH /api/v1/agents/{id} — change the named fields
export const PATCH = endpoint(
  { route, access: write, params: AgentRef, body: PatchAgentInput, response: AgentView },
  ({ ctx, params, body }) => updateAgent({ ctx, input: { id: params.id, patch: body } }),
);

// DELETE /api/v1/agents/{id} — soft delete; its keys stop working
export const DELETE = endpoint({ route, access: write, params: AgentRef }, async ({ ctx, params }) => {
  await deleteAgent({ ctx, input: params });
  return new Response(null, { status: 204 });
});
