import { endpoint } from "@/server/http/endpoint";
import { effectiveCaps } from "@/server/keys/caps";
import { usageMe } from "@/server/llm/usage";

// GET /api/v1/usage/me — the caller's LLM spend today / this week / this month, per model, and caps.
export const GET = endpoint({ route: "/api/v1/usage/me", auth: "any" }, async ({ db, principal }) => {
  const key = principal.kind === "user" ? null : principal.key.key;
  const caps = key ? effectiveCaps(key) : null;
  return usageMe(db, {
    orgId: principal.org.id,
    keyId: key?.id ?? null,
    userId: principal.kind === "user" ? principal.user.userId : null,
    softCap: caps?.soft ?? null,
    hardCap: caps?.hard ?? null,
  });
});
