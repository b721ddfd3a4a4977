import { orgContextFor } from "@/server/http/authenticate";
import { endpoint, json } from "@/server/http/endpoint";
import { KeyRef } from "@/server/keys/schemas";
import { reissueSigningSecret } from "@/server/keys/service";

// POST /api/v1/keys/{id}/signing-secret — a new HMAC signing secret, shown once
export const POST = endpoint(
  { route: "/api/v1/keys/{id}/signing-secret", auth: "any", params: KeyRef },
  async ({ db, principal, params, requestId }) => {
    const issued = await reissueSigningSecret({
      ctx: orgContextFor(principal, db, requestId),
      keyId: params.id,
    });
    return json(issued, { status: 201 });
  },
);
