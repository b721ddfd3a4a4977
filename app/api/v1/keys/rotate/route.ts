import { ANY_KEY } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { RotatedKey, RotateInput } from "@/server/keys/schemas";
import { rotateKey } from "@/server/keys/service";

// POST /api/v1/keys/rotate — new secret for the calling key (its current secret only); the old
// one works for grace_seconds
export const POST = endpoint(
  {
    docs: {
      id: "rotateCallingKey",
      tag: "Keys",
      summary: "Rotate the calling key",
      description:
        "A new secret for the key making this call (with its current secret only); the old one works for `grace_seconds`.",
      errors: ["forbidden"],
      examples: { request: { grace_seconds: 600 } },
    },
    route: "/api/v1/keys/rotate",
    access: ANY_KEY,
    body: RotateInput,
    response: RotatedKey,
  },
  ({ ctx, body }) => rotateKey({ ctx, input: { ...body, id: "self" } }),
);
