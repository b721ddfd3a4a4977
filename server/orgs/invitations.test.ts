import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { invitations, memberships } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import { installFakeClock } from "../platform/clock";
import {
  acceptInvitation,
  inviteMember,
  listPendingInvitations,
  previewInvitation,
  purgeExpiredInvitations,
  revokeInvitation,
} from "./invitations";
import { InviteMemberInput } from "./schemas";

const t = withTestDb();
let clock: ReturnType<typeof installFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const userCtx = (id: string) => ({ db: t.db, actor: { type: "user" as const, userId: id } });
/** What the invitation page shows anyone holding the link. */
const preview = (token: string) =>
  previewInvitation({ ctx: { db: t.db, actor: { type: "system" } }, input: { token } });

describe("invitations", () => {
  it("invites by email, shows the link once, and lets only that email join, once", async () => {
    const owner = await createUser(t.db);
    const invitee = await createUser(t.db);
    const stranger = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);

    const invite = await inviteMember({ ctx, input: { email: invitee.email, role: "admin" } });
    expect(invite.path).toBe(`/invite/${invite.token}`);
    const [stored] = await t.db.select().from(invitations).where(eq(invitations.id, invite.id));
    expect(stored?.tokenHash).not.toContain(invite.token);
    expect(JSON.stringify(await listPendingInvitations({ ctx }))).not.toContain(invite.token);
    expect((await preview(invite.token)).status).toBe("open");

    await expect(
      acceptInvitation({ ctx: userCtx(stranger.id), input: { token: invite.token } }),
    ).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining(`sent to ${invitee.email}`),
    });
    await expect(
      acceptInvitation({ ctx: userCtx(invitee.id), input: { token: invite.token } }),
    ).resolves.toEqual({
      orgId: owner.orgId,
    });
    const [membership] = await t.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, invitee.id))
      .orderBy(memberships.createdAt);
    expect(membership).toBeDefined();
    const roles = await t.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(eq(memberships.orgId, owner.orgId));
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "owner"]);

    await expect(
      acceptInvitation({ ctx: userCtx(invitee.id), input: { token: invite.token } }),
    ).rejects.toMatchObject({
      code: "gone",
    });
    expect((await preview(invite.token)).status).toBe("used");
  });

  it("expires after 7 days", async () => {
    clock = installFakeClock(new Date());
    const owner = await createUser(t.db);
    const invitee = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const invite = await inviteMember({ ctx, input: { email: invitee.email, role: "member" } });
    clock.advance(7 * 86_400_000 - 60_000);
    expect((await preview(invite.token)).status).toBe("open");
    clock.advance(120_000);
    expect((await preview(invite.token)).status).toBe("expired");
    await expect(
      acceptInvitation({ ctx: userCtx(invitee.id), input: { token: invite.token } }),
    ).rejects.toMatchObject({
      code: "gone",
      message: expect.stringMatching(/expired/),
    });
  });

  it("replaces an open invitation when the same email is invited again, and revokes", async () => {
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const first = await inviteMember({ ctx, input: { email: "again@example.com", role: "member" } });
    const second = await inviteMember({
      ctx,
      input: InviteMemberInput.parse({ email: " AGAIN@example.com ", role: "viewer" }),
    });
    const pending = await listPendingInvitations({ ctx });
    expect(pending.map((p) => p.id)).toEqual([second.id]);
    await expect(preview(first.token)).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeInvitation({ ctx, input: { invitationId: second.id } });
    expect(await listPendingInvitations({ ctx })).toEqual([]);
    await expect(revokeInvitation({ ctx, input: { invitationId: second.id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("refuses existing members, viewers inviting, admins granting owner, and foreign revokes", async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db);
    const viewer = await createUser(t.db);
    const other = await createUser(t.db);
    await addMember(t.db, owner.orgId, admin.id, "admin");
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    const ownerCtx = await orgContext(t.db, owner, owner.orgId);
    await expect(
      inviteMember({ ctx: ownerCtx, input: { email: admin.email, role: "member" } }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const viewerCtx = await orgContext(t.db, viewer, owner.orgId);
    await expect(
      inviteMember({ ctx: viewerCtx, input: { email: "x@example.com", role: "member" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const adminCtx = await orgContext(t.db, admin, owner.orgId);
    await expect(
      inviteMember({ ctx: adminCtx, input: { email: "x@example.com", role: "owner" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const invite = await inviteMember({ ctx: adminCtx, input: { email: "x@example.com", role: "member" } });
    const otherCtx = await orgContext(t.db, other, other.orgId);
    await expect(
      revokeInvitation({ ctx: otherCtx, input: { invitationId: invite.id } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await t.db.select().from(invitations).where(eq(invitations.email, "x@example.com"))).toHaveLength(
      1,
    );
  });

  it("purges expired and revoked invitations once past expiry, keeping open ones", async () => {
    clock = installFakeClock(new Date());
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const expiring = await inviteMember({ ctx, input: { email: "old@example.com", role: "member" } });
    const revoked = await inviteMember({ ctx, input: { email: "revoked@example.com", role: "member" } });
    await revokeInvitation({ ctx, input: { invitationId: revoked.id } });
    clock.advance(8 * 86_400_000);
    const fresh = await inviteMember({ ctx, input: { email: "new@example.com", role: "member" } });
    const idsLeft = async () =>
      (
        await t.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.orgId, owner.orgId))
      ).map((r) => r.id);
    expect(await idsLeft()).toHaveLength(3);
    expect(
      (await purgeExpiredInvitations({ ctx: { db: t.db, actor: { type: "system" } } })).deleted,
    ).toBeGreaterThanOrEqual(2);
    expect(await idsLeft()).toEqual([fresh.id]);
    expect([expiring.id, revoked.id]).not.toContain(fresh.id);
    clock.advance(8 * 86_400_000);
    await purgeExpiredInvitations({ ctx: { db: t.db, actor: { type: "system" } } });
    expect(await idsLeft()).toEqual([]);
  });
});
