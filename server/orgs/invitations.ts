import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { invitations, memberships, organizations, type Role, users } from "@/db/schema";
import { recordAudit } from "../audit/service";
import type { OrgContext, ServiceContext, UserContext } from "../context";
import { AppError, notFound } from "../errors";
import { now } from "../platform/clock";
import { getEnv } from "../platform/env";
import { assertCanGrant, assertRole } from "../roles";
import { openInvitationFor, pendingInvitationsOf } from "./queries";
import type { InvitationRef, InvitationToken, InviteMemberInput } from "./schemas";
import { getUserEmail } from "./service";

const DAY_MS = 86_400_000;

export const hashInviteToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type PendingInvitation = {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
};

/** The token is returned once, to the inviter; only its hash is stored. */
export type CreatedInvitation = PendingInvitation & { token: string; path: string };

export async function inviteMember({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: InviteMemberInput;
}): Promise<CreatedInvitation> {
  assertRole(ctx.role, "admin", "invite members");
  assertCanGrant(ctx.role, input.role);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now().getTime() + getEnv().inviteTtlDays * DAY_MS);

  const invitation = await ctx.db.transaction(async (tx) => {
    const [existingMember] = await tx
      .select({ userId: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, ctx.org.id), eq(users.email, input.email)));
    if (existingMember)
      throw new AppError("conflict", `${input.email} is already a member of ${ctx.org.name}`);

    // Inviting the same address again replaces the open link (its token cannot be shown twice).
    await tx.update(invitations).set({ revokedAt: now() }).where(openInvitationFor(ctx.org.id, input.email));
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: ctx.org.id,
        email: input.email,
        role: input.role,
        tokenHash: hashInviteToken(token),
        invitedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
        expiresAt,
      })
      .returning(pendingColumns);
    if (!row) throw new AppError("internal", "invitation insert returned nothing");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "invitation.created",
      target: { type: "invitation", id: row.id },
      metadata: { email: input.email, role: input.role },
      requestId: ctx.requestId,
    });
    return row;
  });
  return { ...invitation, token, path: `/invite/${token}` };
}

const pendingColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  expiresAt: invitations.expiresAt,
  createdAt: invitations.createdAt,
};

export async function listPendingInvitations({ ctx }: { ctx: OrgContext }): Promise<PendingInvitation[]> {
  return ctx.db
    .select(pendingColumns)
    .from(invitations)
    .where(pendingInvitationsOf(ctx.org.id))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: InvitationRef;
}): Promise<void> {
  assertRole(ctx.role, "admin", "revoke invitations");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now() })
      .where(
        and(
          eq(invitations.id, input.invitationId),
          eq(invitations.orgId, ctx.org.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) throw notFound("Invitation");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "invitation.revoked",
      target: { type: "invitation", id: row.id },
      metadata: { email: row.email },
      requestId: ctx.requestId,
    });
  });
}

export type InvitationPreview = {
  orgName: string;
  email: string;
  role: Role;
  expiresAt: Date;
  status: "open" | "expired" | "used";
};

/** What the invite page shows before the invitee accepts. Unknown and revoked tokens are 404. */
export async function previewInvitation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: InvitationToken;
}): Promise<InvitationPreview> {
  const [row] = await ctx.db
    .select({
      orgName: organizations.name,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashInviteToken(input.token)));
  if (!row || row.revokedAt) throw notFound("Invitation");
  const status = row.acceptedAt ? "used" : row.expiresAt <= now() ? "expired" : "open";
  return { orgName: row.orgName, email: row.email, role: row.role, expiresAt: row.expiresAt, status };
}

export async function acceptInvitation({
  ctx,
  input,
}: {
  ctx: UserContext;
  input: InvitationToken;
}): Promise<{ orgId: string }> {
  const userEmail = await getUserEmail(ctx.db, ctx.actor.userId);
  return ctx.db.transaction(async (tx) => {
    const [invite] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashInviteToken(input.token)))
      .for("update");
    if (!invite || invite.revokedAt) throw notFound("Invitation");
    if (invite.acceptedAt) throw new AppError("gone", "This invitation has already been used");
    if (invite.expiresAt <= now())
      throw new AppError("gone", "This invitation has expired; ask for a new one");
    if (invite.email !== userEmail) {
      throw new AppError(
        "forbidden",
        `This invitation was sent to ${invite.email}; you are signed in as ${userEmail}`,
      );
    }
    await tx
      .update(invitations)
      .set({ acceptedAt: now(), acceptedBy: ctx.actor.userId })
      .where(eq(invitations.id, invite.id));
    await tx
      .insert(memberships)
      .values({ orgId: invite.orgId, userId: ctx.actor.userId, role: invite.role })
      .onConflictDoNothing();
    await recordAudit(tx, {
      orgId: invite.orgId,
      actor: ctx.actor,
      action: "invitation.accepted",
      target: { type: "invitation", id: invite.id },
      metadata: { email: invite.email, role: invite.role },
      requestId: ctx.requestId,
    });
    return { orgId: invite.orgId };
  });
}

/**
 * Deletes invitations that can no longer be used: unaccepted and past expiry (revoked ones
 * included, since every invitation expires within the TTL). Accepted ones stay as history.
 */
export async function purgeExpiredInvitations({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<{ deleted: number }> {
  const deleted = await ctx.db
    .delete(invitations)
    .where(and(isNull(invitations.acceptedAt), lt(invitations.expiresAt, now())))
    .returning({ id: invitations.id });
  return { deleted: deleted.length };
}
