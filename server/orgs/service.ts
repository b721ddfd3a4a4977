import { randomBytes } from "node:crypto";
import { and, asc, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { invitations, memberships, organizations, type Role, users } from "@/db/schema";
import { recordAudit } from "../audit/service";
import type { OrgContext, OrgRef, UserContext } from "../context";
import { AppError, notFound } from "../errors";
import { openOrgLedger } from "../ledger/grants";
import { assertRole } from "../roles";
import { pendingInvitationsOf } from "./queries";
import { evictOrgRef } from "./ref-cache";
import type { CreateOrgInput, RenameOrgInput } from "./schemas";

const orgRefColumns = {
  id: organizations.id,
  name: organizations.name,
  slug: organizations.slug,
  personal: organizations.personal,
};

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  // A random suffix keeps slugs unique without a read-then-write race.
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

/** Creates an organization with `userId` as its owner. Runs inside the caller's transaction. */
export async function insertOrgWithOwner(
  db: DbOrTx,
  params: { name: string; userId: string; personal: boolean; requestId?: string },
): Promise<OrgRef> {
  const [org] = await db
    .insert(organizations)
    .values({
      name: params.name,
      slug: slugify(params.name),
      personal: params.personal,
      createdBy: params.userId,
    })
    .returning(orgRefColumns);
  if (!org) throw new AppError("internal", "organization insert returned nothing");
  await db.insert(memberships).values({ orgId: org.id, userId: params.userId, role: "owner" });
  await openOrgLedger(db, org.id);
  await recordAudit(db, {
    orgId: org.id,
    actor: { type: "user", userId: params.userId },
    action: "org.created",
    target: { type: "org", id: org.id },
    metadata: { name: org.name, personal: params.personal },
    requestId: params.requestId,
  });
  return org;
}

export async function createOrg({
  ctx,
  input,
}: {
  ctx: UserContext;
  input: CreateOrgInput;
}): Promise<OrgRef> {
  return ctx.db.transaction((tx) =>
    insertOrgWithOwner(tx, {
      name: input.name,
      userId: ctx.actor.userId,
      personal: false,
      requestId: ctx.requestId,
    }),
  );
}

export type OrgListItem = OrgRef & { role: Role };

export async function listOrgsForUser({ ctx }: { ctx: UserContext }): Promise<OrgListItem[]> {
  return ctx.db
    .select({ ...orgRefColumns, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, ctx.actor.userId))
    .orderBy(desc(organizations.personal), asc(organizations.createdAt));
}

/**
 * The org a signed-in user is acting in: the preferred one (cookie, header or URL) if they are a
 * member, else their first organization. A foreign org id is treated exactly like a missing one.
 */
export async function resolveActiveOrg(
  db: DbOrTx,
  userId: string,
  preferredOrgId: string | null,
): Promise<{ org: OrgRef; role: Role } | null> {
  const orgs = await listOrgsForUser({ ctx: { db, actor: { type: "user", userId } } });
  const chosen = orgs.find((o) => o.id === preferredOrgId) ?? orgs[0];
  if (!chosen) return null;
  const { role, ...org } = chosen;
  return { org, role };
}

/**
 * The context a signed-in user acts in: the org they asked for when they belong to it, else their
 * first. REST's `endpoint()` and tRPC's `orgProcedure` both build a session's context here.
 */
export async function sessionOrgContext(
  base: UserContext,
  preferredOrgId: string | null,
): Promise<OrgContext> {
  const active = await resolveActiveOrg(base.db, base.actor.userId, preferredOrgId);
  if (!active) throw new AppError("not_found", "You are not a member of any organization");
  return { ...base, org: active.org, role: active.role };
}

/** The context a user acts in for an org named in the path: 404 unless they belong to it. */
export async function memberContext(ctx: UserContext, orgId: string): Promise<OrgContext> {
  const { org, role } = await getMembershipOrThrow(ctx.db, ctx.actor.userId, orgId);
  return { ...ctx, org, role };
}

/** Looks up one org the user belongs to; another org's id answers 404 like a missing one. */
export async function getMembershipOrThrow(
  db: DbOrTx,
  userId: string,
  orgId: string,
): Promise<{ org: OrgRef; role: Role }> {
  const [row] = await db
    .select({ ...orgRefColumns, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)))
    .limit(1);
  if (!row) throw notFound("Organization");
  const { role, ...org } = row;
  return { org, role };
}

export type OrgOverview = OrgRef & {
  role: Role;
  memberCount: number;
  pendingInvitations: number;
  createdAt: Date;
};

export async function getOrgOverview({ ctx }: { ctx: OrgContext }): Promise<OrgOverview> {
  const [org] = await ctx.db
    .select({ createdAt: organizations.createdAt })
    .from(organizations)
    .where(eq(organizations.id, ctx.org.id));
  const [members] = await ctx.db
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.orgId, ctx.org.id));
  const [invites] = await ctx.db
    .select({ n: count() })
    .from(invitations)
    .where(pendingInvitationsOf(ctx.org.id));
  return {
    ...ctx.org,
    role: ctx.role,
    memberCount: members?.n ?? 0,
    pendingInvitations: invites?.n ?? 0,
    createdAt: org?.createdAt ?? new Date(0),
  };
}

export async function renameOrg({ ctx, input }: { ctx: OrgContext; input: RenameOrgInput }): Promise<OrgRef> {
  assertRole(ctx.role, "admin", "rename the organization");
  return ctx.db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({ name: input.name })
      .where(eq(organizations.id, ctx.org.id))
      .returning(orgRefColumns);
    if (!org) throw notFound("Organization");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "org.renamed",
      target: { type: "org", id: org.id },
      metadata: { from: ctx.org.name, to: org.name },
      requestId: ctx.requestId,
    });
    evictOrgRef(org.id);
    return org;
  });
}

export async function getUserEmail(db: DbOrTx, userId: string): Promise<string> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("unauthorized", "Your account no longer exists; sign in again");
  return user.email;
}
