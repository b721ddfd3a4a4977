import { endpoint } from "@/server/http/endpoint";
import { toKeyView } from "@/server/keys/views";

// GET /api/v1/keys/me — the calling key: id, prefix, agent, org, dates, limits, caps; never the secret
export const GET = endpoint({ route: "/api/v1/keys/me", auth: "key" }, async ({ principal }) => {
  return {
    ...toKeyView(principal.key.key),
    agent: principal.key.agent,
    org: { id: principal.org.id, name: principal.org.name },
    authenticated_with: principal.key.viaPreviousSecret ? "previous_secret" : "current_secret",
  };
});
