import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { KeyRef, RotateKeyInput, UpdateKeyAction } from "./schemas";
import { listKeys, reissueSigningSecret, revokeKey, rotateKey, updateKey } from "./service";

// The dashboard's key operations (agent detail page and the /sandbox/keys playground); the same
// service functions back the REST routes under /api/v1/keys/{id}, with the same schemas.
export const keysRouter = router({
  list: orgProcedure.query(({ ctx }) => listKeys({ ctx: ctx.service, input: { kind: "agent" } })),
  update: orgProcedure
    .input(UpdateKeyAction)
    .mutation(({ ctx, input }) => updateKey({ ctx: ctx.service, input })),
  reissueSigningSecret: orgProcedure
    .input(KeyRef)
    .mutation(({ ctx, input }) => reissueSigningSecret({ ctx: ctx.service, input })),
  rotate: orgProcedure
    .input(RotateKeyInput)
    .mutation(({ ctx, input }) => rotateKey({ ctx: ctx.service, input })),
  revoke: orgProcedure.input(KeyRef).mutation(({ ctx, input }) => revokeKey({ ctx: ctx.service, input })),
});
