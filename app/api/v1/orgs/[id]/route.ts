import { endpoint } from "@/server/http/endpoint";
import { OrgOverview, OrgRefInput, OrgView, RenameOrgInput } from "@/server/orgs/schemas";
import { getOrgOverview, memberContext, renameOrg } from "@/server/orgs/service";

const route = "/api/v1/orgs/{id}";

// GET /api/v1/orgs/{id} — one organization the user belongs to (404 for any other)
export const GET = endpoint(
  {
    docs: {
      id: "getOrg",
      tag: "Organizations",
      summary: "Get an organization",
      description: "One organization the user belongs to, with its members and agents counts.",
    },
    route,
    access: "signed-in",
    params: OrgRefInput,
    response: OrgOverview,
  },
  async ({ ctx, params, annotate }) => {
    annotate({ org_id: params.id });
    return getOrgOverview({ ctx: await memberContext(ctx, params.id) });
  },
);

// PATCH /api/v1/orgs/{id} — rename (owner/admin)
export const PATCH = endpoint(
  {
    docs: {
      id: "renameOrg",
      tag: "Organizations",
      summary: "Rename an organization",
      description: "Owners and admins.",
      errors: ["forbidden"],
      examples: { request: { name: "Acme Robotics" } },
    },
    route,
    access: "signed-in",
    params: OrgRefInput,
    body: RenameOrgInput,
    response: OrgView,
  },
  async ({ ctx, params, body, annotate }) => {
    annotate({ org_id: params.id });
    return renameOrg({ ctx: await memberContext(ctx, params.id), input: body });
  },
);
