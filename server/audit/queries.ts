import { and, desc, eq, gte, ilike, like, lt, lte, type SQL } from "drizzle-orm";
import { type AuditEvent, auditEvents } from "@/db/schema";
import type { OrgContext } from "../context";
import { assertRole } from "../roles";
import type { ListAuditInput } from "./schemas";
import { type ChainReport, verifyAuditChain } from "./verify";

const ACTOR_KINDS = new Set(["user", "key", "system", "cli"]);

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type AuditPage = { data: AuditEvent[]; next_cursor: string | null };

/** The org's audit trail, newest first. Admins and owners only: rows carry IPs and emails. */
export async function listAuditEvents({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ListAuditInput;
}): Promise<AuditPage> {
  assertRole(ctx.role, "admin", "read the audit log");
  const filters: (SQL | undefined)[] = [eq(auditEvents.orgId, ctx.org.id)];
  if (input.actor) {
    filters.push(
      ACTOR_KINDS.has(input.actor)
        ? input.actor === "system" || input.actor === "cli"
          ? eq(auditEvents.actor, input.actor)
          : like(auditEvents.actor, `${input.actor}:%`)
        : ilike(auditEvents.actor, `%${escapeLike(input.actor)}%`),
    );
  }
  if (input.action) filters.push(ilike(auditEvents.action, `${escapeLike(input.action)}%`));
  if (input.from) filters.push(gte(auditEvents.createdAt, input.from));
  if (input.to) filters.push(lte(auditEvents.createdAt, input.to));
  // Ids sort by creation time, so the last id of a page is the cursor for the next.
  if (input.cursor) filters.push(lt(auditEvents.id, input.cursor));
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  const data = rows.slice(0, input.limit);
  return { data, next_cursor: rows.length > input.limit ? (data.at(-1)?.id ?? null) : null };
}

export async function auditChainStatus({ ctx }: { ctx: OrgContext }): Promise<ChainReport> {
  assertRole(ctx.role, "admin", "verify the audit log");
  return verifyAuditChain(ctx.db, ctx.org.id);
}
