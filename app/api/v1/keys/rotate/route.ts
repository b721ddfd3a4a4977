import { z } from "zod";
import { endpoint } from "@/server/http/endpoint";
import { rotateKey } from "@/server/keys/service";

const RotateKeyInput = z.strictObject({
  grace_seconds: z
    .number({ error: "grace_seconds must be a whole number of seconds" })
    .int("grace_seconds must be a whole number of seconds")
    .min(0, "grace_seconds must be 0 or more")
    .max(30 * 86_400, "grace_seconds must be at most 30 days")
    .default(86_400),
});

// POST /api/v1/keys/rotate — new secret for the calling key; the old one works for grace_seconds
export const POST = endpoint(
  { route: "/api/v1/keys/rotate", auth: "key", body: RotateKeyInput },
  async ({ db, principal, body, requestId }) => {
    return rotateKey(db, principal.key, body.grace_seconds, requestId);
  },
);
