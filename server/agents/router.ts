import { z } from "zod";
import { KeyId, NewAgentKeyInput } from "../keys/schemas";
import { createKey, listKeys, revokeKey } from "../keys/service";
import { infinitePage, ResourceId } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { AgentRef, CreateAgentInput, ListAgentsInput, PatchAgentInput } from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "./service";

const ListAgentsPage = infinitePage(ListAgentsInput);
const AgentKeyRef = z.strictObject({ agentId: AgentRef.shape.id, keyId: KeyId });
const NewKeyInput = NewAgentKeyInput.extend({ agentId: AgentRef.shape.id });

export const agentsRouter = router({
  list: orgProcedure
    .input(ListAgentsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listAgents({ ctx: ctx.service, input })),
  get: orgProcedure.input(AgentRef).query(({ ctx, input }) => getAgent({ ctx: ctx.service, id: input.id })),
  create: orgProcedure
    .input(CreateAgentInput)
    .mutation(({ ctx, input }) => createAgent({ ctx: ctx.service, input })),
  update: orgProcedure
    .input(z.strictObject({ id: ResourceId, patch: PatchAgentInput }))
    .mutation(({ ctx, input }) => updateAgent({ ctx: ctx.service, id: input.id, input: input.patch })),
  delete: orgProcedure
    .input(AgentRef)
    .mutation(({ ctx, input }) => deleteAgent({ ctx: ctx.service, id: input.id })),
  keys: orgProcedure
    .input(AgentRef)
    .query(({ ctx, input }) => listKeys({ ctx: ctx.service, filter: { agent_id: input.id } })),
  createKey: orgProcedure
    .input(NewKeyInput)
    .mutation(({ ctx, input }) =>
      createKey({ ctx: ctx.service, input: { kind: "agent", agent_id: input.agentId, name: input.name } }),
    ),
  // The agent named in the call must own the key: an id of another agent's key, or of a
  // management key, is a 404 here.
  revokeKey: orgProcedure.input(AgentKeyRef).mutation(({ ctx, input }) =>
    revokeKey({
      ctx: ctx.service,
      keyId: input.keyId,
      expect: { agentId: input.agentId, kind: "agent" },
    }),
  ),
});
