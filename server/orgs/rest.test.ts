import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getOrg, PATCH as patchOrg } from "@/app/api/v1/orgs/[id]/route";
import { POST as createOrgRoute, GET as listOrgs } from "@/app/api/v1/orgs/route";
import { organizations } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, sessionRequest } from "@/test/factories";

const t = withTestDb();
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("REST /api/v1/orgs", () => {
  it("lists the caller's organizations and creates new ones", async () => {
    const user = await createUser(t.db);
    const created = await createOrgRoute(
      sessionRequest("/api/v1/orgs", { method: "POST", cookie: user.cookie, body: { name: "Research" } }),
    );
    expect(created.status).toBe(201);
    const list = await (await listOrgs(sessionRequest("/api/v1/orgs", { cookie: user.cookie }))).json();
    expect(list.data.map((o: { name: string }) => o.name).sort()).toEqual(
      ["Research", expect.stringContaining("workspace")].sort(),
    );
  });

  it("answers 404 for another organization, exactly like a missing one", async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const foreign = await getOrg(
      sessionRequest(`/api/v1/orgs/${bob.orgId}`, { cookie: alice.cookie }),
      params(bob.orgId),
    );
    const missing = await getOrg(
      sessionRequest("/api/v1/orgs/org_nope", { cookie: alice.cookie }),
      params("org_nope"),
    );
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const { request_id: _a, ...foreignBody } = await foreign.json();
    const { request_id: _b, ...missingBody } = await missing.json();
    expect(foreignBody).toEqual(missingBody);
    const renamed = await patchOrg(
      sessionRequest(`/api/v1/orgs/${bob.orgId}`, {
        method: "PATCH",
        cookie: alice.cookie,
        body: { name: "Mine now" },
      }),
      params(bob.orgId),
    );
    expect(renamed.status).toBe(404);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, bob.orgId));
    expect(org?.name).not.toBe("Mine now");
  });

  it("lets admins rename, refuses viewers with 403, and changes nothing on bad input", async () => {
    const owner = await createUser(t.db);
    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    const url = `/api/v1/orgs/${owner.orgId}`;

    const forbidden = await patchOrg(
      sessionRequest(url, { method: "PATCH", cookie: viewer.cookie, body: { name: "Viewer was here" } }),
      params(owner.orgId),
    );
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).detail).toMatch(/your role is viewer/);

    const unknownField = await patchOrg(
      sessionRequest(url, {
        method: "PATCH",
        cookie: owner.cookie,
        body: { name: "Fine", plan: "enterprise" },
      }),
      params(owner.orgId),
    );
    expect(unknownField.status).toBe(422);
    expect((await unknownField.json()).errors).toEqual([
      { pointer: "/plan", detail: 'unknown field "plan"' },
    ]);

    const tooShort = await patchOrg(
      sessionRequest(url, { method: "PATCH", cookie: owner.cookie, body: { name: "x" } }),
      params(owner.orgId),
    );
    expect((await tooShort.json()).errors[0]).toMatchObject({ pointer: "/name" });

    const malformed = await patchOrg(
      sessionRequest(url, { method: "PATCH", cookie: owner.cookie, body: '{"name":' }),
      params(owner.orgId),
    );
    expect(malformed.status).toBe(400);

    const huge = await patchOrg(
      sessionRequest(url, { method: "PATCH", cookie: owner.cookie, body: { name: "y".repeat(2_000_000) } }),
      params(owner.orgId),
    );
    expect(huge.status).toBe(413);

    const [before] = await t.db.select().from(organizations).where(eq(organizations.id, owner.orgId));
    const ok = await patchOrg(
      sessionRequest(url, { method: "PATCH", cookie: owner.cookie, body: { name: "Renamed" } }),
      params(owner.orgId),
    );
    expect(ok.status).toBe(200);
    expect((await ok.json()).name).toBe("Renamed");
    expect(before?.name).not.toBe("Renamed");
  });
});
