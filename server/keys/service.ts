import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ApiKey, type ApiKeyKind, agents, apiKeys } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { now, nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { assertKeyAccess, assertOwnKey, type KeyAccess } from "./access";
import { effectiveCaps } from "./caps";
import { generateKey } from "./generate";
import type { CreateKeyInput, KeyRef, RotateInput, RotateKeyInput, UpdateKeyInput } from "./schemas";
import { generateSigningSecret } from "./signing";
import { evictCachedKey } from "./verify";
import { type ApiKeyView, toKeyView } from "./views";

// One function per action on a key: create, read (one, or a list), update, rotate, revoke, issue
// a new signing secret. Each knows the kind of the key it touches and asks access.ts whether the
// caller may; REST routes and tRPC procedures call these and decide nothing themselves.

const DAY_MS = 86_400_000;

/** A new key's view with its two secrets, each shown this once only. */
export type IssuedKey = ApiKeyView & { secret: string; signing_secret: string };

type NewKey = { agentId: string | null; kind: ApiKeyKind; name: string; scopes?: string[] };

/** Inserts a key with its HMAC signing secret (stored encrypted; the key only as a digest). */
export async function insertApiKey(tx: DbOrTx, ctx: OrgContext, options: NewKey): Promise<IssuedKey> {
  const env = getEnv();
  const generated = generateKey(options.kind);
  const signing = generateSigningSecret();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      orgId: ctx.org.id,
      agentId: options.agentId,
      kind: options.kind,
      name: options.name,
      prefix: generated.prefix,
      digest: generated.digest,
      scopes: options.scopes ?? [],
      expiresAt: env.apiKeyTtlDays > 0 ? new Date(nowMs() + env.apiKeyTtlDays * DAY_MS) : null,
      signingSecretEncrypted: signing.encrypted,
      createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
    })
    .returning();
  if (!row) throw new Error("api key insert returned nothing");
  await recordAudit(tx, {
    orgId: ctx.org.id,
    actor: ctx.actor,
    action: "api_key.created",
    target: { type: "api_key", id: row.id },
    metadata: { kind: options.kind, agent_id: options.agentId, prefix: row.prefix },
    requestId: ctx.requestId,
  });
  return { ...toKeyView(row), secret: generated.secret, signing_secret: signing.secret };
}

/** What the caller says the key is; a key that is not (another agent's, another kind) is a 404. */
type Expect = { agentId?: string; kind?: ApiKeyKind };

/** The key in the caller's org, after the caller was allowed `access` to a key of its kind. */
async function keyFor(
  ctx: OrgContext,
  keyId: string,
  access: KeyAccess,
  expect: Expect = {},
): Promise<ApiKey> {
  // What the caller may not do to any key is refused before a lookup tells it whether the id exists.
  assertKeyAccess(ctx, "any", access);
  const query = ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, ctx.org.id)));
  // A change locks the row until its transaction ends: two rotations queue instead of both
  // replacing the same secret (which would end the first one's new secret at once).
  const [key] = access === "change" ? await query.for("update") : await query;
  const matches =
    key &&
    (expect.agentId === undefined || key.agentId === expect.agentId) &&
    (expect.kind === undefined || key.kind === expect.kind);
  if (!matches) throw await notFoundInOrg(ctx, "api_key", keyId);
  assertKeyAccess(ctx, key.kind, access);
  return key;
}

function assertUsable(key: ApiKey, what: string): void {
  if (key.revokedAt) throw new AppError("conflict", `A revoked key cannot ${what}`);
}

async function audit(ctx: OrgContext, db: DbOrTx, action: string, keyId: string, metadata = {}) {
  await recordAudit(db, {
    orgId: ctx.org.id,
    actor: ctx.actor,
    action,
    target: { type: "api_key", id: keyId },
    metadata,
    requestId: ctx.requestId,
  });
}

/** A key for an agent of the caller's org, or a management key; the secrets are shown this once. */
export async function createKey({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: CreateKeyInput;
}): Promise<IssuedKey> {
  assertKeyAccess(ctx, input.kind, "change");
  return ctx.db.transaction(async (tx) => {
    if (input.kind === "management") {
      return insertApiKey(tx, ctx, {
        agentId: null,
        kind: "management",
        name: input.name,
        scopes: input.scopes,
      });
    }
    const [agent] = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.id, input.agent_id), eq(agents.orgId, ctx.org.id), isNull(agents.deletedAt)));
    if (!agent) throw await notFoundInOrg({ ...ctx, db: tx }, "agent", input.agent_id);
    return insertApiKey(tx, ctx, { agentId: agent.id, kind: "agent", name: input.name });
  });
}

export async function getKey({ ctx, input }: { ctx: OrgContext; input: KeyRef }): Promise<ApiKeyView> {
  return toKeyView(await keyFor(ctx, input.id, "read"));
}

export type KeyListFilter = { agent_id: string } | { kind: ApiKeyKind };
export type OrgKeyRow = ApiKeyView & { agent_name: string | null };

/**
 * One agent's keys (revoked ones included, oldest first), or every key of a kind in the org,
 * newest first (agent keys of live agents only: the sandbox's list).
 */
export async function listKeys({
  ctx,
  input: filter,
}: {
  ctx: OrgContext;
  input: KeyListFilter;
}): Promise<OrgKeyRow[]> {
  if ("agent_id" in filter) {
    assertKeyAccess(ctx, "agent", "read");
    const [agent] = await ctx.db
      .select({ id: agents.id, name: agents.name })
      .from(agents)
      .where(and(eq(agents.id, filter.agent_id), eq(agents.orgId, ctx.org.id), isNull(agents.deletedAt)));
    if (!agent) throw await notFoundInOrg(ctx, "agent", filter.agent_id);
    const rows = await ctx.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, ctx.org.id), eq(apiKeys.agentId, agent.id)))
      .orderBy(apiKeys.createdAt);
    return rows.map((row) => ({ ...toKeyView(row), agent_name: agent.name }));
  }
  assertKeyAccess(ctx, filter.kind, "read");
  const rows = await ctx.db
    .select({ key: apiKeys, agentName: agents.name, agentDeletedAt: agents.deletedAt })
    .from(apiKeys)
    .leftJoin(agents, eq(agents.id, apiKeys.agentId))
    .where(and(eq(apiKeys.orgId, ctx.org.id), eq(apiKeys.kind, filter.kind)))
    .orderBy(desc(apiKeys.createdAt))
    .limit(500);
  return rows
    .filter((row) => filter.kind === "management" || row.agentDeletedAt === null)
    .map((row) => ({ ...toKeyView(row.key), agent_name: row.agentName }));
}

export async function updateKey({
  ctx,
  input: { id: keyId, patch: input },
}: {
  ctx: OrgContext;
  input: { id: string; patch: UpdateKeyInput };
}): Promise<ApiKeyView> {
  return ctx.db.transaction(async (tx) => {
    const key = await keyFor({ ...ctx, db: tx }, keyId, "change");
    assertUsable(key, "be changed");
    const caps = effectiveCaps({
      softCapUsdMicros: input.soft_cap_usd === undefined ? key.softCapUsdMicros : input.soft_cap_usd,
      hardCapUsdMicros: input.hard_cap_usd === undefined ? key.hardCapUsdMicros : input.hard_cap_usd,
    });
    if (caps.soft > caps.hard) {
      const field = input.soft_cap_usd !== undefined ? "soft_cap_usd" : "hard_cap_usd";
      throw new AppError("unprocessable", `${field}: the soft cap must not be above the hard cap`, {
        errors: [{ pointer: `/${field}`, detail: "the soft cap must not be above the hard cap" }],
      });
    }
    const [updated] = await tx
      .update(apiKeys)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.require_signature !== undefined ? { requireSignature: input.require_signature } : {}),
        ...(input.rate_limit_per_min !== undefined ? { rateLimitPerMin: input.rate_limit_per_min } : {}),
        ...(input.soft_cap_usd !== undefined ? { softCapUsdMicros: input.soft_cap_usd } : {}),
        ...(input.hard_cap_usd !== undefined ? { hardCapUsdMicros: input.hard_cap_usd } : {}),
      })
      .where(eq(apiKeys.id, key.id))
      .returning();
    if (!updated) throw new Error("api key update returned nothing");
    const view = toKeyView(updated);
    await audit(ctx, tx, "api_key.updated", key.id, {
      fields: Object.keys(input),
      require_signature: updated.requireSignature,
      ...(input.soft_cap_usd !== undefined || input.hard_cap_usd !== undefined
        ? { soft_cap_usd: view.soft_cap_usd, hard_cap_usd: view.hard_cap_usd }
        : {}),
    });
    // Cached copies must not keep answering with the old signature rule, limit or caps.
    evictCachedKey(key.id);
    return view;
  });
}

/** A fresh HMAC signing secret, shown this once; the old one stops verifying at once. */
export async function reissueSigningSecret({
  ctx,
  input: { id: keyId },
}: {
  ctx: OrgContext;
  input: KeyRef;
}): Promise<{ key_id: string; signing_secret: string }> {
  return ctx.db.transaction(async (tx) => {
    const key = await keyFor({ ...ctx, db: tx }, keyId, "change");
    assertUsable(key, "get a signing secret");
    const signing = generateSigningSecret();
    await tx.update(apiKeys).set({ signingSecretEncrypted: signing.encrypted }).where(eq(apiKeys.id, key.id));
    await audit(ctx, tx, "api_key.signing_secret_issued", key.id);
    evictCachedKey(key.id);
    return { key_id: key.id, signing_secret: signing.secret };
  });
}

export type RotatedKey = {
  key_id: string;
  old_key_prefix: string;
  new_key: string;
  rotated_at: Date;
  old_key_expires_at: Date;
};

/**
 * A new secret under the same key id; the old one keeps working for `grace_seconds`. `"self"` is
 * the calling key rotating itself (its current secret only); an id is the org managing a key.
 */
export async function rotateKey({
  ctx,
  input: { id: keyId, grace_seconds: graceSeconds },
}: {
  ctx: OrgContext;
  input: RotateKeyInput | (RotateInput & { id: "self" });
}): Promise<RotatedKey> {
  const rotated = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const key =
      keyId === "self" ? await ownKey(txCtx, assertOwnKey(ctx)) : await keyFor(txCtx, keyId, "change");
    assertUsable(key, "be rotated");
    const generated = generateKey(key.kind);
    const rotatedAt = now();
    const oldExpires = new Date(rotatedAt.getTime() + graceSeconds * 1000);
    await tx
      .update(apiKeys)
      .set({
        digest: generated.digest,
        prefix: generated.prefix,
        previousDigest: key.digest,
        previousPrefix: key.prefix,
        previousExpiresAt: oldExpires,
        rotatedAt,
      })
      .where(eq(apiKeys.id, key.id));
    await audit(ctx, tx, "api_key.rotated", key.id, {
      old_prefix: key.prefix,
      new_prefix: generated.prefix,
      grace_seconds: graceSeconds,
    });
    return {
      key_id: key.id,
      old_key_prefix: key.prefix,
      new_key: generated.secret,
      rotated_at: rotatedAt,
      old_key_expires_at: oldExpires,
    };
  });
  evictCachedKey(rotated.key_id);
  return rotated;
}

async function ownKey(ctx: OrgContext, keyId: string): Promise<ApiKey> {
  const [key] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, ctx.org.id)))
    .for("update");
  if (!key) throw new AppError("unauthorized", "Invalid API key");
  return key;
}

/**
 * Revokes at once in this process (and within the key cache's 30 s everywhere else). With
 * `agent_id` or `kind` the caller says which key it means: a key that is not (another agent's,
 * another kind) is a 404.
 */
export async function revokeKey({
  ctx,
  input: { id: keyId, agent_id, kind },
}: {
  ctx: OrgContext;
  input: KeyRef & { agent_id?: string; kind?: ApiKeyKind };
}): Promise<ApiKeyView> {
  const expect: Expect = agent_id === undefined ? { kind } : { agentId: agent_id, kind: "agent" };
  const row = await ctx.db.transaction(async (tx) => {
    const key = await keyFor({ ...ctx, db: tx }, keyId, "change", expect);
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: now() })
      .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!updated) throw await notFoundInOrg({ ...ctx, db: tx }, "api_key", keyId);
    await audit(ctx, tx, "api_key.revoked", key.id, { prefix: updated.prefix, kind: updated.kind });
    return updated;
  });
  evictCachedKey(keyId);
  return toKeyView(row);
}

/** The calling key as `GET /api/v1/keys/me` shows it: never a secret. */
export async function callingKey({ ctx }: { ctx: OrgContext }) {
  const actor = ctx.actor;
  if (actor.type !== "api_key") throw new AppError("unauthorized", "This endpoint needs an API key");
  const [key] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, actor.keyId), eq(apiKeys.orgId, ctx.org.id)));
  if (!key) throw new AppError("unauthorized", "Invalid API key");
  return {
    ...toKeyView(key),
    agent: actor.agent,
    org: { id: ctx.org.id, name: ctx.org.name },
    authenticated_with: actor.retiring ? ("previous_secret" as const) : ("current_secret" as const),
  };
}
