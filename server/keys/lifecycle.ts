import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { type ApiKey, agents, apiKeys } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { assertRole } from "../orgs/roles";
import { evictCachedKey, type RotatedKey, revokeKey, rotateKeySecret } from "./service";
import { generateSigningSecret } from "./signing";
import { type ApiKeyView, toKeyView } from "./views";

// What the dashboard and management keys do to one existing key: change its settings, issue a
// new signing secret, rotate it. Agent keys need the member role; management keys, admin.

export const KeyRef = z.strictObject({ id: z.string().min(1).max(64) });
export const NewAgentKeyInput = z.strictObject({
  name: z.string().trim().min(1, "name is required").max(100),
});

export const UpdateKeyInput = z
  .strictObject({
    name: z.string().trim().min(1, "name must not be empty").max(100),
    require_signature: z.boolean({ error: "require_signature must be true or false" }),
    rate_limit_per_min: z
      .number({ error: "rate_limit_per_min must be a whole number or null" })
      .int("rate_limit_per_min must be a whole number")
      .min(1, "rate_limit_per_min must be at least 1")
      .max(100_000, "rate_limit_per_min must be at most 100000")
      .nullable(),
  })
  .partial()
  .refine((input) => Object.keys(input).length > 0, { error: "send at least one field to change" });
export type UpdateKeyInput = z.infer<typeof UpdateKeyInput>;

export const RotateInput = z.strictObject({
  grace_seconds: z
    .number({ error: "grace_seconds must be a whole number of seconds" })
    .int("grace_seconds must be a whole number of seconds")
    .min(0, "grace_seconds must be 0 or more")
    .max(30 * 86_400, "grace_seconds must be at most 30 days")
    .default(86_400),
});

/**
 * The key if it belongs to the caller's org and, for a change (`purpose` given), the caller's role
 * may manage its kind. Reading needs no more than membership.
 */
export async function getManagedKey(ctx: OrgContext, keyId: string, purpose: string | null): Promise<ApiKey> {
  const [key] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, ctx.org.id)));
  if (!key) throw await notFoundInOrg(ctx, "api_key", keyId);
  if (purpose || key.kind === "management") {
    assertRole(ctx.role, key.kind === "management" ? "admin" : "member", purpose ?? "see management keys");
  }
  return key;
}

function assertUsable(key: ApiKey, what: string): void {
  if (key.revokedAt) throw new AppError("conflict", `A revoked key cannot ${what}`);
}

export async function getKey({ ctx, keyId }: { ctx: OrgContext; keyId: string }): Promise<ApiKeyView> {
  return toKeyView(await getManagedKey(ctx, keyId, null));
}

export async function updateKey({
  ctx,
  keyId,
  input,
}: {
  ctx: OrgContext;
  keyId: string;
  input: UpdateKeyInput;
}): Promise<ApiKeyView> {
  return ctx.db.transaction(async (tx) => {
    const key = await getManagedKey({ ...ctx, db: tx }, keyId, "change API keys");
    assertUsable(key, "be changed");
    const [updated] = await tx
      .update(apiKeys)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.require_signature !== undefined ? { requireSignature: input.require_signature } : {}),
        ...(input.rate_limit_per_min !== undefined ? { rateLimitPerMin: input.rate_limit_per_min } : {}),
      })
      .where(eq(apiKeys.id, key.id))
      .returning();
    if (!updated) throw new Error("api key update returned nothing");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "api_key.updated",
      target: { type: "api_key", id: key.id },
      metadata: { fields: Object.keys(input), require_signature: updated.requireSignature },
      requestId: ctx.requestId,
    });
    // Cached copies must not keep answering with the old signature rule or limit.
    evictCachedKey(key.id);
    return toKeyView(updated);
  });
}

/** A fresh HMAC signing secret, shown this once; the old one stops verifying at once. */
export async function reissueSigningSecret({
  ctx,
  keyId,
}: {
  ctx: OrgContext;
  keyId: string;
}): Promise<{ key_id: string; signing_secret: string }> {
  return ctx.db.transaction(async (tx) => {
    const key = await getManagedKey({ ...ctx, db: tx }, keyId, "issue signing secrets");
    assertUsable(key, "get a signing secret");
    const signing = generateSigningSecret();
    await tx.update(apiKeys).set({ signingSecretEncrypted: signing.encrypted }).where(eq(apiKeys.id, key.id));
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "api_key.signing_secret_issued",
      target: { type: "api_key", id: key.id },
      requestId: ctx.requestId,
    });
    evictCachedKey(key.id);
    return { key_id: key.id, signing_secret: signing.secret };
  });
}

/** Rotation started from the dashboard or a management key rather than by the key itself. */
export async function rotateManagedKey({
  ctx,
  keyId,
  graceSeconds,
}: {
  ctx: OrgContext;
  keyId: string;
  graceSeconds: number;
}): Promise<RotatedKey> {
  const key = await getManagedKey(ctx, keyId, "rotate API keys");
  assertUsable(key, "be rotated");
  return rotateKeySecret(ctx.db, key, graceSeconds, ctx.actor, ctx.requestId);
}

export async function revokeManagedKey({
  ctx,
  keyId,
}: {
  ctx: OrgContext;
  keyId: string;
}): Promise<ApiKeyView> {
  await getManagedKey(ctx, keyId, "revoke API keys");
  return revokeKey({ ctx, keyId });
}

export type OrgKeyRow = ApiKeyView & { agent_name: string };

/** Every agent key of the org (live agents only), newest first: the sandbox's list. */
export async function listOrgAgentKeys({ ctx }: { ctx: OrgContext }): Promise<OrgKeyRow[]> {
  const rows = await ctx.db
    .select({ key: apiKeys, agentName: agents.name })
    .from(apiKeys)
    .innerJoin(agents, eq(agents.id, apiKeys.agentId))
    .where(and(eq(apiKeys.orgId, ctx.org.id), isNull(agents.deletedAt)))
    .orderBy(desc(apiKeys.createdAt))
    .limit(500);
  return rows.map((row) => ({ ...toKeyView(row.key), agent_name: row.agentName }));
}
