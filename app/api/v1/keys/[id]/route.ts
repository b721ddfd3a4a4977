import { orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";
import { KeyRef, UpdateKeyInput } from "@/server/keys/schemas";
import { getKey, revokeKey, updateKey } from "@/server/keys/service";

const route = "/api/v1/keys/{id}";

// GET /api/v1/keys/{id} — one key of the caller's org, never its secret
export const GET = endpoint(
  { route, auth: "any", params: KeyRef },
  async ({ db, principal, params, requestId }) =>
    getKey({ ctx: orgContextFor(principal, db, requestId), keyId: params.id }),
);

// PATCH /api/v1/keys/{id} — name, require_signature, rate_limit_per_min, soft_cap_usd, hard_cap_usd
export const PATCH = endpoint(
  { route, auth: "any", params: KeyRef, body: UpdateKeyInput },
  async ({ db, principal, params, body, requestId }) =>
    updateKey({ ctx: orgContextFor(principal, db, requestId), keyId: params.id, input: body }),
);

// DELETE /api/v1/keys/{id} — revoke at once (this instance) and within 30 s everywhere
export const DELETE = endpoint(
  { route, auth: "any", params: KeyRef },
  async ({ db, principal, params, requestId }) =>
    revokeKey({ ctx: orgContextFor(principal, db, requestId), keyId: params.id }),
);
