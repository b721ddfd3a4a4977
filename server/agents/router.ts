import { AgentKeyRef, NewKeyForAgent } from "../keys/schemas";
import { createKey, listKeys, revokeKey } from "../keys/service";
import { infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { AgentRef, CreateAgentInput, ListAgentsInput, UpdateAgentInput } from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "./service";

const ListAgentsPage = infinitePage(ListAgentsInput);

export const agentsRouter = router({
  list: orgProcedure
    .input(ListAgentsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listAgents({ ctx: ctx.service, input })),
  get: orgProcedure.input(AgentRef).query(({ ctx, input }) => getAgent({ ctx: ctx.service, input })),
  create: orgProcedure
    .input(CreateAgentInput)
    .mutation(({ ctx, input }) => createAgent({ ctx: ctx.service, input })),
  update: orgProcedure
    .input(UpdateAgentInput)
    .mutation(({ ctx, input }) => updateAgent({ ctx: ctx.service, input })),
  delete: orgProcedure.input(AgentRef).mutation(({ ctx, input }) => deleteAgent({ ctx: ctx.service, input })),
  keys: orgProcedure
    .input(AgentRef)
    .query(({ ctx, input }) => listKeys({ ctx: ctx.service, input: { agent_id: input.id } })),
  createKey: orgProcedure
    .input(NewKeyForAgent)
    .mutation(({ ctx, input }) =>
      createKey({ ctx: ctx.service, input: { kind: "agent", agent_id: input.agentId, name: input.name } }),
    ),
  // The agent named in the call must own the key: an id of another agent's key, or of a
  // management key, is a 404 here.
  revokeKey: orgProcedure
    .input(AgentKeyRef)
    .mutation(({ ctx, input }) =>
      revokeKey({ ctx: ctx.service, input: { id: input.keyId, agent_id: input.agentId } }),
    ),
});
