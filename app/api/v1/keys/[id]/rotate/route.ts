import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { KeyRef, RotatedKey, RotateInput } from "@/server/keys/schemas";
import { rotateKey } from "@/server/keys/service";

// POST /api/v1/keys/{id}/rotate — rotate any key of the org; the old secret works for grace_seconds
export const POST = endpoint(
  {
    docs: {
      id: "rotateKey",
      tag: "Keys",
      summary: "Rotate a key",
      description:
        "A new secret under the same key id; the old secret keeps working for `grace_seconds` (default 86400) for ordinary calls but can never manage keys.",
      errors: ["forbidden", "conflict"],
      examples: { request: { grace_seconds: 3600 } },
    },
    route: "/api/v1/keys/{id}/rotate",
    access: ANY_ORG_CALLER,
    params: KeyRef,
    body: RotateInput,
    response: RotatedKey,
  },
  ({ ctx, params, body }) => rotateKey({ ctx, input: { ...body, id: params.id } }),
);
