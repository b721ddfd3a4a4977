import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { KeyRef, RotatedKey, RotateInput } from "@/server/keys/schemas";
import { rotateKey } from "@/server/keys/service";

// POST /api/v1/keys/{id}/rotate — rotate any key of the org; the old secret works for grace_seconds
export const POST = endpoint(
  {
    route: "/api/v1/keys/{id}/rotate",
    access: ANY_ORG_CALLER,
    params: KeyRef,
    body: RotateInput,
    response: RotatedKey,
  },
  ({ ctx, params, body }) => rotateKey({ ctx, input: { ...body, id: params.id } }),
);
