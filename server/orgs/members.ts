import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, type Role, users } from "@/db/schema";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { AppError, notFound } from "../errors";
import { assertCanGrant, assertRole } from "../roles";
import type { ChangeRoleInput, MemberRef } from "./schemas";

export type Member = { userId: string; email: string; name: string | null; role: Role; joinedAt: Date };

export async function listMembers({ ctx }: { ctx: OrgContext }): Promise<Member[]> {
  return ctx.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, ctx.org.id))
    .orderBy(asc(memberships.createdAt));
}

async function getMemberOrThrow(db: DbOrTx, orgId: string, userId: string): Promise<{ role: Role }> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .for("update");
  if (!row) throw notFound("Member");
  return row;
}

async function countOwners(db: DbOrTx, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

export async function changeRole({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ChangeRoleInput;
}): Promise<Member[]> {
  assertRole(ctx.role, "admin", "change roles");
  await ctx.db.transaction(async (tx) => {
    const target = await getMemberOrThrow(tx, ctx.org.id, input.userId);
    if (target.role === input.role) return;
    // Changing someone's role away from owner/admin needs the same rank as granting it.
    assertCanGrant(ctx.role, target.role === "owner" || target.role === "admin" ? target.role : input.role);
    assertCanGrant(ctx.role, input.role);
    if (target.role === "owner" && (await countOwners(tx, ctx.org.id)) <= 1) {
      throw new AppError("conflict", "An organization needs at least one owner; promote someone else first");
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, input.userId)));
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "member.role_changed",
      target: { type: "user", id: input.userId },
      metadata: { from: target.role, to: input.role },
      requestId: ctx.requestId,
    });
  });
  return listMembers({ ctx });
}

/** Removes a member; any member may remove themselves (leave), admins remove others. */
export async function removeMember({ ctx, input }: { ctx: OrgContext; input: MemberRef }): Promise<void> {
  const self = ctx.actor.type === "user" && ctx.actor.userId === input.userId;
  if (!self) assertRole(ctx.role, "admin", "remove members");
  await ctx.db.transaction(async (tx) => {
    const target = await getMemberOrThrow(tx, ctx.org.id, input.userId);
    if (!self) assertCanGrant(ctx.role, target.role);
    if (target.role === "owner" && (await countOwners(tx, ctx.org.id)) <= 1) {
      throw new AppError(
        "conflict",
        "The last owner cannot leave; transfer ownership or delete the organization",
      );
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, input.userId)));
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: self ? "member.left" : "member.removed",
      target: { type: "user", id: input.userId },
      metadata: { role: target.role },
      requestId: ctx.requestId,
    });
  });
}
