import { orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";
import { KeyRef, RotateInput } from "@/server/keys/schemas";
import { rotateKey } from "@/server/keys/service";

// POST /api/v1/keys/{id}/rotate — rotate any key of the org; the old secret works for grace_seconds
export const POST = endpoint(
  { route: "/api/v1/keys/{id}/rotate", auth: "any", params: KeyRef, body: RotateInput },
  async ({ db, principal, params, body, requestId }) =>
    rotateKey({
      ctx: orgContextFor(principal, db, requestId),
      keyId: params.id,
      graceSeconds: body.grace_seconds,
    }),
);
