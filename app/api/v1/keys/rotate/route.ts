import { orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";
import { RotateInput } from "@/server/keys/schemas";
import { rotateKey } from "@/server/keys/service";

// POST /api/v1/keys/rotate — new secret for the calling key (its current secret only); the old
// one works for grace_seconds
export const POST = endpoint(
  { route: "/api/v1/keys/rotate", auth: "key", body: RotateInput },
  async ({ db, principal, body, requestId }) =>
    rotateKey({
      ctx: orgContextFor(principal, db, requestId),
      keyId: "self",
      graceSeconds: body.grace_seconds,
    }),
);
