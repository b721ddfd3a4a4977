import { endpoint, json } from "@/server/http/endpoint";
import { CreateOrgInput, OrgList, OrgView } from "@/server/orgs/schemas";
import { createOrg, listOrgsForUser } from "@/server/orgs/service";

// GET /api/v1/orgs — the signed-in user's organizations
export const GET = endpoint(
  {
    docs: { id: "listOrgs", tag: "Organizations", summary: "List your organizations" },
    route: "/api/v1/orgs",
    access: "signed-in",
    response: OrgList,
  },
  async ({ ctx }) => ({
    data: await listOrgsForUser({ ctx }),
  }),
);

// POST /api/v1/orgs — create an organization owned by the signed-in user
export const POST = endpoint(
  {
    docs: {
      id: "createOrg",
      tag: "Organizations",
      status: 201,
      summary: "Create an organization",
      description: "Owned by the signed-in user, with its sign-up credits.",
      examples: { request: { name: "Acme Research" } },
    },
    route: "/api/v1/orgs",
    access: "signed-in",
    body: CreateOrgInput,
    response: OrgView,
  },
  async ({ ctx, body }) => json(await createOrg({ ctx, input: body }), { status: 201 }),
);
