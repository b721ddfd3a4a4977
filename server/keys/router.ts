import { z } from "zod";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import {
  listOrgAgentKeys,
  reissueSigningSecret,
  revokeManagedKey,
  rotateManagedKey,
  UpdateKeyInput,
  updateKey,
} from "./lifecycle";

const KeyId = z.string().min(1).max(64);

// The dashboard's key operations (agent detail page and the /sandbox/keys playground); the same
// service functions back the REST routes under /api/v1/keys/{id}.
export const keysRouter = router({
  list: orgProcedure.query(({ ctx }) => listOrgAgentKeys({ ctx: ctx.service })),
  update: orgProcedure
    .input(z.strictObject({ id: KeyId, patch: UpdateKeyInput }))
    .mutation(({ ctx, input }) => updateKey({ ctx: ctx.service, keyId: input.id, input: input.patch })),
  reissueSigningSecret: orgProcedure
    .input(z.strictObject({ id: KeyId }))
    .mutation(({ ctx, input }) => reissueSigningSecret({ ctx: ctx.service, keyId: input.id })),
  rotate: orgProcedure
    .input(
      z.strictObject({
        id: KeyId,
        graceSeconds: z
          .number()
          .int()
          .min(0)
          .max(30 * 86_400),
      }),
    )
    .mutation(({ ctx, input }) =>
      rotateManagedKey({ ctx: ctx.service, keyId: input.id, graceSeconds: input.graceSeconds }),
    ),
  revoke: orgProcedure
    .input(z.strictObject({ id: KeyId }))
    .mutation(({ ctx, input }) => revokeManagedKey({ ctx: ctx.service, keyId: input.id })),
});
