import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import type { OrgContext } from "../context";
import { notFound } from "../errors";
import { assertRole } from "../orgs/roles";
import { MANAGEMENT_SCOPES } from "./scopes";
import { type IssuedKey, insertApiKey, revokeKey } from "./service";
import { type ApiKeyView, toKeyView } from "./views";

export const ManagementKeyRef = z.strictObject({ keyId: z.string().min(1).max(64) });

export const CreateManagementKeyInput = z.strictObject({
  name: z.string().trim().min(1, "name is required").max(100),
  scopes: z
    .array(z.enum(MANAGEMENT_SCOPES, { error: `scopes must be among ${MANAGEMENT_SCOPES.join(", ")}` }))
    .min(1, "pick at least one scope")
    .transform((list) => [...new Set(list)]),
});
export type CreateManagementKeyInput = z.infer<typeof CreateManagementKeyInput>;

/** Owners and admins mint keys that let programs manage the org; the secret is shown once. */
export async function createManagementKey({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: CreateManagementKeyInput;
}): Promise<IssuedKey> {
  assertRole(ctx.role, "admin", "create management keys");
  return ctx.db.transaction(async (tx) => {
    return insertApiKey(tx, ctx, {
      orgId: ctx.org.id,
      agentId: null,
      kind: "management",
      name: input.name,
      scopes: input.scopes,
      createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      requestId: ctx.requestId,
    });
  });
}

export async function listManagementKeys({ ctx }: { ctx: OrgContext }): Promise<ApiKeyView[]> {
  assertRole(ctx.role, "admin", "see management keys");
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, ctx.org.id), eq(apiKeys.kind, "management"), isNull(apiKeys.agentId)))
    .orderBy(apiKeys.createdAt);
  return rows.map(toKeyView);
}

/** Revoking a management key needs the same rank as creating one. */
export async function revokeManagementKey({
  ctx,
  keyId,
}: {
  ctx: OrgContext;
  keyId: string;
}): Promise<ApiKeyView> {
  assertRole(ctx.role, "admin", "revoke management keys");
  const [row] = await ctx.db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, ctx.org.id), eq(apiKeys.kind, "management")));
  if (!row) throw notFound("API key");
  return revokeKey({ ctx, keyId });
}
