import { endpoint } from "@/server/http/endpoint";
import { RotateInput } from "@/server/keys/lifecycle";
import { rotateKey } from "@/server/keys/service";

// POST /api/v1/keys/rotate — new secret for the calling key; the old one works for grace_seconds
export const POST = endpoint(
  { route: "/api/v1/keys/rotate", auth: "key", body: RotateInput },
  async ({ db, principal, body, requestId }) => {
    return rotateKey(db, principal.key, body.grace_seconds, requestId);
  },
);
