import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { ApiKeyView, KeyRef, UpdateKeyInput } from "@/server/keys/schemas";
import { getKey, revokeKey, updateKey } from "@/server/keys/service";

// Who may see or change a key depends on its kind, so the key service decides (keys/access.ts).
const route = "/api/v1/keys/{id}";

// GET /api/v1/keys/{id} — one key of the caller's org, never its secret
export const GET = endpoint(
  {
    docs: {
      id: "getKey",
      tag: "Keys",
      summary: "Get a key",
      description: "One key of the organization, never its secret.",
      errors: ["forbidden"],
    },
    route,
    access: ANY_ORG_CALLER,
    params: KeyRef,
    response: ApiKeyView,
  },
  ({ ctx, params }) => getKey({ ctx, input: params }),
);

// PATCH /api/v1/keys/{id} — name, require_signature, rate_limit_per_min, soft_cap_usd, hard_cap_usd
export const PATCH = endpoint(
  {
    docs: {
      id: "updateKey",
      tag: "Keys",
      summary: "Change a key",
      description:
        "`name`, `require_signature`, `rate_limit_per_min` and the daily LLM caps `soft_cap_usd` / `hard_cap_usd` (decimal strings, soft ≤ hard, `null` for the server default).",
      errors: ["forbidden", "conflict"],
      examples: { request: { hard_cap_usd: "5.00", soft_cap_usd: "4.00" } },
    },
    route,
    access: ANY_ORG_CALLER,
    params: KeyRef,
    body: UpdateKeyInput,
    response: ApiKeyView,
  },
  ({ ctx, params, body }) => updateKey({ ctx, input: { id: params.id, patch: body } }),
);

// DELETE /api/v1/keys/{id} — revoke at once (this instance) and within 30 s everywhere
export const DELETE = endpoint(
  {
    docs: {
      id: "revokeKey",
      tag: "Keys",
      summary: "Revoke a key",
      description:
        "Stops the key at once on this instance and within 30 s everywhere. Answers the revoked key.",
      errors: ["forbidden"],
    },
    route,
    access: ANY_ORG_CALLER,
    params: KeyRef,
    response: ApiKeyView,
  },
  ({ ctx, params }) => revokeKey({ ctx, input: params }),
);
