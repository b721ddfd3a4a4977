import { AgentRef, AgentView, PatchAgentInput, ReplaceAgentInput } from "@/server/agents/schemas";
import { deleteAgent, getAgent, updateAgent } from "@/server/agents/service";
import { endpoint } from "@/server/http/endpoint";

const route = "/api/v1/agents/{id}";
const read = { session: true, managementKeys: "agents:read" } as const;
const write = { session: true, managementKeys: "agents:write" } as const;

// GET /api/v1/agents/{id} — one agent of the caller's org (404 for any other)
export const GET = endpoint(
  {
    docs: { id: "getAgent", tag: "Agents", summary: "Get an agent" },
    route,
    access: read,
    params: AgentRef,
    response: AgentView,
  },
  ({ ctx, params }) => getAgent({ ctx, input: params }),
);

// PUT /api/v1/agents/{id} — replace every field
export const PUT = endpoint(
  {
    docs: {
      id: "replaceAgent",
      tag: "Agents",
      summary: "Replace an agent",
      description: "Sets every field; an omitted optional field returns to its default.",
      errors: ["forbidden"],
    },
    route,
    access: write,
    params: AgentRef,
    body: ReplaceAgentInput,
    response: AgentView,
  },
  ({ ctx, params, body }) => updateAgent({ ctx, input: { id: params.id, patch: body } }),
);

// PATCH /api/v1/agents/{id} — change the named fields
export const PATCH = endpoint(
  {
    docs: {
      id: "updateAgent",
      tag: "Agents",
      summary: "Change an agent",
      description: "Changes only the fields sent (at least one).",
      errors: ["forbidden"],
      examples: { request: { status: "inactive" } },
    },
    route,
    access: write,
    params: AgentRef,
    body: PatchAgentInput,
    response: AgentView,
  },
  ({ ctx, params, body }) => updateAgent({ ctx, input: { id: params.id, patch: body } }),
);

// DELETE /api/v1/agents/{id} — soft delete; its keys stop working
export const DELETE = endpoint(
  {
    docs: {
      id: "deleteAgent",
      tag: "Agents",
      summary: "Delete an agent",
      description:
        "Soft delete: the agent disappears from lists and its keys stop working at once. Admins and owners (or `agents:write`).",
      errors: ["forbidden"],
    },
    route,
    access: write,
    params: AgentRef,
  },
  async ({ ctx, params }) => {
    await deleteAgent({ ctx, input: params });
    return new Response(null, { status: 204 });
  },
);
