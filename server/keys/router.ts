import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { KeyRef, RotateInput, UpdateKeyInput } from "./schemas";
import { listKeys, reissueSigningSecret, revokeKey, rotateKey, updateKey } from "./service";

// The dashboard's key operations (agent detail page and the /sandbox/keys playground); the same
// service functions back the REST routes under /api/v1/keys/{id}, with the same schemas.
export const keysRouter = router({
  list: orgProcedure.query(({ ctx }) => listKeys({ ctx: ctx.service, filter: { kind: "agent" } })),
  update: orgProcedure
    .input(KeyRef.extend({ patch: UpdateKeyInput }))
    .mutation(({ ctx, input }) => updateKey({ ctx: ctx.service, keyId: input.id, input: input.patch })),
  reissueSigningSecret: orgProcedure
    .input(KeyRef)
    .mutation(({ ctx, input }) => reissueSigningSecret({ ctx: ctx.service, keyId: input.id })),
  rotate: orgProcedure
    .input(KeyRef.extend(RotateInput.shape))
    .mutation(({ ctx, input }) =>
      rotateKey({ ctx: ctx.service, keyId: input.id, graceSeconds: input.grace_seconds }),
    ),
  revoke: orgProcedure
    .input(KeyRef)
    .mutation(({ ctx, input }) => revokeKey({ ctx: ctx.service, keyId: input.id })),
});
