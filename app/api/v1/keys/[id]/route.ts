import { assertManagementAccess, orgContextFor } from "@/server/http/authenticate";
import { endpoint } from "@/server/http/endpoint";
import { getKey, KeyRef, revokeManagedKey, UpdateKeyInput, updateKey } from "@/server/keys/lifecycle";

const route = "/api/v1/keys/{id}";

// GET /api/v1/keys/{id} — one key of the caller's org, never its secret
export const GET = endpoint(
  { route, auth: "any", params: KeyRef },
  async ({ db, principal, params, requestId }) => {
    assertManagementAccess(principal, "agents:read");
    return getKey({ ctx: orgContextFor(principal, db, requestId), keyId: params.id });
  },
);

// PATCH /api/v1/keys/{id} — name, require_signature, rate_limit_per_min
export const PATCH = endpoint(
  { route, auth: "any", params: KeyRef, body: UpdateKeyInput },
  async ({ db, principal, params, body, requestId }) => {
    assertManagementAccess(principal, "keys:write");
    return updateKey({ ctx: orgContextFor(principal, db, requestId), keyId: params.id, input: body });
  },
);

// DELETE /api/v1/keys/{id} — revoke at once (this instance) and within 30 s everywhere
export const DELETE = endpoint(
  { route, auth: "any", params: KeyRef },
  async ({ db, principal, params, requestId }) => {
    assertManagementAccess(principal, "keys:write");
    return revokeManagedKey({ ctx: orgContextFor(principal, db, requestId), keyId: params.id });
  },
);
