import { z } from "zod";
import { createAgentKey, listKeysForAgent, revokeKey } from "../keys/service";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { AgentRef, CreateAgentInput, ListAgentsInput, PatchAgentInput } from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "./service";

// tRPC's infinite queries add `direction` to the input; the REST schema stays strict without it.
const ListAgentsPage = ListAgentsInput.extend({ direction: z.enum(["forward", "backward"]).optional() });
const KeyRef = z.strictObject({ keyId: z.string().min(1).max(64) });
const NewKeyInput = z.strictObject({
  agentId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
});

export const agentsRouter = router({
  list: orgProcedure
    .input(ListAgentsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listAgents({ ctx: ctx.service, input })),
  get: orgProcedure.input(AgentRef).query(({ ctx, input }) => getAgent({ ctx: ctx.service, id: input.id })),
  create: orgProcedure
    .input(CreateAgentInput)
    .mutation(({ ctx, input }) => createAgent({ ctx: ctx.service, input })),
  update: orgProcedure
    .input(z.strictObject({ id: z.string().min(1).max(64), patch: PatchAgentInput }))
    .mutation(({ ctx, input }) => updateAgent({ ctx: ctx.service, id: input.id, input: input.patch })),
  delete: orgProcedure
    .input(AgentRef)
    .mutation(({ ctx, input }) => deleteAgent({ ctx: ctx.service, id: input.id })),
  keys: orgProcedure.input(AgentRef).query(async ({ ctx, input }) => {
    await getAgent({ ctx: ctx.service, id: input.id });
    return listKeysForAgent({ ctx: ctx.service, agentId: input.id });
  }),
  createKey: orgProcedure
    .input(NewKeyInput)
    .mutation(({ ctx, input }) =>
      createAgentKey({ ctx: ctx.service, agentId: input.agentId, name: input.name }),
    ),
  revokeKey: orgProcedure
    .input(KeyRef)
    .mutation(({ ctx, input }) => revokeKey({ ctx: ctx.service, keyId: input.keyId })),
});
