import { z } from "zod";
import { endpoint } from "@/server/http/endpoint";
import { RenameOrgInput } from "@/server/orgs/schemas";
import { getMembershipOrThrow, getOrgOverview, renameOrg } from "@/server/orgs/service";

const params = z.object({ id: z.string().min(1) });

// GET /api/v1/orgs/{id} — one organization the user belongs to (404 for any other)
export const GET = endpoint(
  { route: "/api/v1/orgs/{id}", auth: "session", params },
  async ({ db, user, params, requestId, annotate }) => {
    const { org, role } = await getMembershipOrThrow(db, user.userId, params.id);
    annotate({ org_id: org.id });
    return getOrgOverview({
      ctx: { db, actor: { type: "user", userId: user.userId }, requestId, org, role },
    });
  },
);

// PATCH /api/v1/orgs/{id} — rename (owner/admin)
export const PATCH = endpoint(
  { route: "/api/v1/orgs/{id}", auth: "session", params, body: RenameOrgInput },
  async ({ db, user, params, body, requestId, annotate }) => {
    const { org, role } = await getMembershipOrThrow(db, user.userId, params.id);
    annotate({ org_id: org.id });
    return renameOrg({
      ctx: { db, actor: { type: "user", userId: user.userId }, requestId, org, role },
      input: body,
    });
  },
);
