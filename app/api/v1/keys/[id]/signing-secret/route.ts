import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint, json } from "@/server/http/endpoint";
import { IssuedSigningSecret, KeyRef } from "@/server/keys/schemas";
import { reissueSigningSecret } from "@/server/keys/service";

// POST /api/v1/keys/{id}/signing-secret — a new HMAC signing secret, shown once
export const POST = endpoint(
  {
    docs: {
      id: "reissueSigningSecret",
      tag: "Keys",
      status: 201,
      summary: "Issue a new signing secret",
      description:
        "A new HMAC signing secret, shown in this answer only; the old one stops verifying at once.",
      errors: ["forbidden", "conflict"],
    },
    route: "/api/v1/keys/{id}/signing-secret",
    access: ANY_ORG_CALLER,
    params: KeyRef,
    response: IssuedSigningSecret,
  },
  async ({ ctx, params }) => json(await reissueSigningSecret({ ctx, input: params }), { status: 201 }),
);
