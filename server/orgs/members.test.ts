import { describe, expect, it } from "vitest";
import { grantableRoles } from "@/components/orgs/role-rules";
import { auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import { changeRole, listMembers, removeMember } from "./members";
import { createOrg, getOrgOverview, listOrgsForUser, renameOrg, resolveActiveOrg, slugify } from "./service";

const t = withTestDb();

describe("organizations and members", () => {
  it("sign-up creates a personal org owned by the user; more orgs can be created", async () => {
    const user = await createUser(t.db, { name: "Ada" });
    const ctx = { db: t.db, actor: { type: "user" as const, userId: user.id } };
    const [personal] = await listOrgsForUser({ ctx });
    expect(personal).toMatchObject({ name: "Ada's workspace", personal: true, role: "owner" });
    const team = await createOrg({ ctx, input: { name: "Team Rocket" } });
    expect(team.slug).toMatch(/^team-rocket-[0-9a-f]{6}$/);
    expect((await listOrgsForUser({ ctx })).map((o) => o.name)).toEqual(["Ada's workspace", "Team Rocket"]);
    expect(await resolveActiveOrg(t.db, user.id, team.id)).toMatchObject({
      org: { id: team.id },
      role: "owner",
    });
    expect(await resolveActiveOrg(t.db, user.id, "org_someone_else")).toMatchObject({
      org: { id: user.orgId },
    });
  });

  it("changes roles by the rules and audits it", async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db);
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, admin.id, "admin");
    await addMember(t.db, owner.orgId, member.id, "member");
    const adminCtx = await orgContext(t.db, admin, owner.orgId);
    await changeRole({ ctx: adminCtx, input: { userId: member.id, role: "viewer" } });
    await expect(
      changeRole({ ctx: adminCtx, input: { userId: member.id, role: "admin" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      changeRole({ ctx: adminCtx, input: { userId: owner.id, role: "member" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const ownerCtx = await orgContext(t.db, owner, owner.orgId);
    await changeRole({ ctx: ownerCtx, input: { userId: admin.id, role: "owner" } });
    const members = await listMembers({ ctx: ownerCtx });
    expect(Object.fromEntries(members.map((m) => [m.email, m.role]))).toEqual({
      [owner.email]: "owner",
      [admin.email]: "owner",
      [member.email]: "viewer",
    });
    const events = await t.db.select().from(auditEvents);
    expect(events.filter((e) => e.action === "member.role_changed" && e.orgId === owner.orgId)).toHaveLength(
      2,
    );
    await expect(
      changeRole({ ctx: ownerCtx, input: { userId: "usr_nobody", role: "member" } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("never leaves an organization without an owner", async () => {
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    await expect(changeRole({ ctx, input: { userId: owner.id, role: "admin" } })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(removeMember({ ctx, input: { userId: owner.id } })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("lets members leave and admins remove members, but not viewers", async () => {
    const owner = await createUser(t.db);
    const viewer = await createUser(t.db);
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    await addMember(t.db, owner.orgId, member.id, "member");
    const viewerCtx = await orgContext(t.db, viewer, owner.orgId);
    await expect(removeMember({ ctx: viewerCtx, input: { userId: member.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await removeMember({ ctx: viewerCtx, input: { userId: viewer.id } });
    const ownerCtx = await orgContext(t.db, owner, owner.orgId);
    await removeMember({ ctx: ownerCtx, input: { userId: member.id } });
    expect((await listMembers({ ctx: ownerCtx })).map((m) => m.userId)).toEqual([owner.id]);
    expect((await getOrgOverview({ ctx: ownerCtx })).memberCount).toBe(1);
  });

  it("renames only for admins", async () => {
    const owner = await createUser(t.db);
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    await expect(
      renameOrg({ ctx: await orgContext(t.db, member, owner.orgId), input: { name: "Nope" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(
      (await renameOrg({ ctx: await orgContext(t.db, owner, owner.orgId), input: { name: "Yes" } })).name,
    ).toBe("Yes");
  });

  it("slugifies names", () => {
    expect(slugify("Héllo Wörld!")).toMatch(/^hello-world-[0-9a-f]{6}$/);
    expect(slugify("!!!")).toMatch(/^org-[0-9a-f]{6}$/);
  });

  it("offers in the UI exactly the roles the server accepts", () => {
    expect(grantableRoles("owner", "admin")).toEqual(["viewer", "member", "admin", "owner"]);
    expect(grantableRoles("admin", "member")).toEqual(["viewer", "member"]);
    expect(grantableRoles("admin", "owner")).toEqual(["owner"]);
    expect(grantableRoles("member", "viewer")).toEqual(["viewer"]);
  });
});
