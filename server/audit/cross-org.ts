import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agents, apiKeys, panelRuns } from "@/db/schema";
import type { Actor, OrgContext } from "../context";
import { type AppError, notFound } from "../errors";
import { recordAuditQuietly } from "./service";

// Another org's id gets the same 404 as a missing one, so the caller learns nothing. The attempt
// is still worth knowing about: it goes to the platform chain (not the caller's org, whose admins
// must not learn the other org's id, nor the owner's, who must not learn the caller's).

const OWNER_LOOKUPS = {
  agent: async (db: DbOrTx, id: string) =>
    (await db.select({ orgId: agents.orgId }).from(agents).where(eq(agents.id, id)))[0]?.orgId,
  api_key: async (db: DbOrTx, id: string) =>
    (await db.select({ orgId: apiKeys.orgId }).from(apiKeys).where(eq(apiKeys.id, id)))[0]?.orgId,
  panel_run: async (db: DbOrTx, id: string) =>
    (await db.select({ orgId: panelRuns.orgId }).from(panelRuns).where(eq(panelRuns.id, id)))[0]?.orgId,
} as const;

export type ProbedResource = keyof typeof OWNER_LOOKUPS;

const LABELS: Record<ProbedResource, string> = { agent: "Agent", api_key: "API key", panel_run: "Panel run" };

/** The 404 for `id` in the caller's org, marked when the id belongs to another org. */
export async function notFoundInOrg(
  ctx: OrgContext,
  resource: ProbedResource,
  id: string,
): Promise<AppError> {
  const error = notFound(LABELS[resource]);
  const ownerOrgId = await OWNER_LOOKUPS[resource](ctx.db, id);
  if (ownerOrgId && ownerOrgId !== ctx.org.id) {
    error.crossOrgProbe = { resource, id, ownerOrgId, callerOrgId: ctx.org.id };
  }
  return error;
}

/** Called by the REST and tRPC transports once the request's transaction is over. */
export async function auditCrossOrgProbe(db: DbOrTx, error: AppError, actor: Actor): Promise<void> {
  const probe = error.crossOrgProbe;
  if (!probe) return;
  await recordAuditQuietly(db, {
    orgId: null,
    actor,
    action: "access.cross_org_denied",
    target: { type: probe.resource, id: probe.id },
    outcome: "denied",
    metadata: { caller_org_id: probe.callerOrgId, owner_org_id: probe.ownerOrgId },
  });
}
