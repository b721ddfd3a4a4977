import { endpoint } from "@/server/http/endpoint";
import { CreateOrgInput } from "@/server/orgs/schemas";
import { createOrg, listOrgsForUser } from "@/server/orgs/service";

// GET /api/v1/orgs — the signed-in user's organizations
export const GET = endpoint({ route: "/api/v1/orgs", auth: "session" }, async ({ db, user, requestId }) => ({
  data: await listOrgsForUser({ ctx: { db, actor: { type: "user", userId: user.userId }, requestId } }),
}));

// POST /api/v1/orgs — create an organization owned by the signed-in user
export const POST = endpoint(
  { route: "/api/v1/orgs", auth: "session", body: CreateOrgInput },
  async ({ db, user, body, requestId }) => {
    const org = await createOrg({
      ctx: { db, actor: { type: "user", userId: user.userId }, requestId },
      input: body,
    });
    return Response.json(org, { status: 201 });
  },
);
