import { and, eq, isNull, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ApiKey, type ApiKeyKind, agents, apiKeys } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import { recordAudit } from "../audit/service";
import type { Actor, OrgContext } from "../context";
import { assertRole } from "../orgs/roles";
import { now, nowMs } from "../platform/clock";
import { constantTimeEqual } from "../platform/crypto";
import { getEnv } from "../platform/env";
import { sharedTtlCache, type TtlCache } from "../platform/ttl-cache";
import { digestOf, generateKey, looksLikeKey } from "./generate";
import { generateSigningSecret } from "./signing";
import { type ApiKeyView, toKeyView } from "./views";

const DAY_MS = 86_400_000;
const LAST_USED_RESOLUTION_MS = 60_000;

export type NewKeyOptions = {
  orgId: string;
  agentId: string | null;
  kind: ApiKeyKind;
  name: string;
  scopes?: string[];
  createdBy: string | null;
  requestId?: string;
};

/** A new key's view with its two secrets, each shown this once only. */
export type IssuedKey = ApiKeyView & { secret: string; signing_secret: string };

/** Inserts a key with its HMAC signing secret (stored encrypted; the key only as a digest). */
export async function insertApiKey(
  tx: DbOrTx,
  ctx: Pick<OrgContext, "actor">,
  options: NewKeyOptions,
): Promise<IssuedKey> {
  const env = getEnv();
  const generated = generateKey(options.kind);
  const signing = generateSigningSecret();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      orgId: options.orgId,
      agentId: options.agentId,
      kind: options.kind,
      name: options.name,
      prefix: generated.prefix,
      digest: generated.digest,
      scopes: options.scopes ?? [],
      expiresAt: env.apiKeyTtlDays > 0 ? new Date(nowMs() + env.apiKeyTtlDays * DAY_MS) : null,
      softCapUsdMicros: env.defaultCaps.softUsdMicros,
      hardCapUsdMicros: env.defaultCaps.hardUsdMicros,
      signingSecretEncrypted: signing.encrypted,
      createdBy: options.createdBy,
    })
    .returning();
  if (!row) throw new Error("api key insert returned nothing");
  await recordAudit(tx, {
    orgId: options.orgId,
    actor: ctx.actor,
    action: "api_key.created",
    target: { type: "api_key", id: row.id },
    metadata: { kind: options.kind, agent_id: options.agentId, prefix: row.prefix },
    requestId: options.requestId,
  });
  return { ...toKeyView(row), secret: generated.secret, signing_secret: signing.secret };
}

/** A key that authenticated a request, with what the pipeline needs to know about it. */
export type VerifiedKey = {
  key: ApiKey;
  agent: { id: string; name: string } | null;
  /** The request used the secret that a rotation replaced (still inside its grace period). */
  viaPreviousSecret: boolean;
};

// Verified keys are cached in-process for at most 30 s, so a hot key costs one hash and a map
// lookup. Revocation, rotation and deletion evict the key here at once; other instances see the
// change when their entry expires, which bounds how long a revoked key can keep working.
export const KEY_CACHE_TTL_MS = 30_000;

export function keyCache(): TtlCache<VerifiedKey> {
  return sharedTtlCache<VerifiedKey>("verified-keys", { ttlMs: KEY_CACHE_TTL_MS, maxEntries: 10_000 });
}

/** Drops every cached verification of a key (all its digests: current and previous secret). */
export function evictCachedKey(keyId: string): void {
  keyCache().deleteWhere((verified) => verified.key.id === keyId);
}

function stillValid(verified: VerifiedKey, at: number): boolean {
  const { key } = verified;
  if (key.revokedAt) return false;
  if (key.expiresAt && key.expiresAt.getTime() <= at) return false;
  if (verified.viaPreviousSecret && (!key.previousExpiresAt || key.previousExpiresAt.getTime() <= at))
    return false;
  return true;
}

type KeyRow = {
  key: ApiKey;
  agentName: string | null;
  agentDeletedAt: Date | null;
  agentStatus: string | null;
};

async function loadKey(db: DbOrTx, where: SQL | undefined): Promise<KeyRow | undefined> {
  const [row] = await db
    .select({
      key: apiKeys,
      agentName: agents.name,
      agentDeletedAt: agents.deletedAt,
      agentStatus: agents.status,
    })
    .from(apiKeys)
    .leftJoin(agents, eq(agents.id, apiKeys.agentId))
    .where(where)
    .limit(1);
  return row;
}

/** Shared checks after a lookup; caches the result no longer than the key (or secret) lives. */
async function acceptKey(
  db: DbOrTx,
  row: KeyRow,
  cacheKey: string,
  viaPreviousSecret: boolean,
): Promise<VerifiedKey | null> {
  const at = nowMs();
  if (row.key.agentId && (row.agentDeletedAt || row.agentStatus !== "active")) return null;
  const verified: VerifiedKey = {
    key: row.key,
    agent: row.key.agentId ? { id: row.key.agentId, name: row.agentName ?? "" } : null,
    viaPreviousSecret,
  };
  if (!stillValid(verified, at)) return null;
  // Never cache past the moment the key (or the replaced secret) stops working.
  const ends = [row.key.expiresAt, viaPreviousSecret ? row.key.previousExpiresAt : null]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime() - at);
  keyCache().set(cacheKey, verified, Math.min(KEY_CACHE_TTL_MS, ...ends));
  await touchLastUsed(db, verified);
  return verified;
}

/**
 * Resolves a presented secret to its key, or null. Every failure (unknown, expired, revoked,
 * grace period over, agent deleted or inactive) is the same null, so callers answer one 401.
 */
export async function verifyApiKey(db: DbOrTx, secret: string): Promise<VerifiedKey | null> {
  if (!looksLikeKey(secret)) return null;
  const digest = digestOf(secret);
  const cached = keyCache().get(digest);
  if (cached) return stillValid(cached, nowMs()) ? cached : null;
  const row = await loadKey(db, or(eq(apiKeys.digest, digest), eq(apiKeys.previousDigest, digest)));
  if (!row) return null;
  const viaPreviousSecret = !constantTimeEqual(row.key.digest, digest);
  if (viaPreviousSecret && !constantTimeEqual(row.key.previousDigest ?? "", digest)) return null;
  return acceptKey(db, row, digest, viaPreviousSecret);
}

/**
 * Resolves the public key id a signed request names, with the same validity rules as a secret.
 * The id proves nothing by itself: the caller must still check the signature.
 */
export async function findUsableKeyById(db: DbOrTx, keyId: string): Promise<VerifiedKey | null> {
  if (!/^key_[0-9A-Za-z]{1,64}$/.test(keyId)) return null;
  const cacheKey = `id:${keyId}`;
  const cached = keyCache().get(cacheKey);
  if (cached) return stillValid(cached, nowMs()) ? cached : null;
  const row = await loadKey(db, eq(apiKeys.id, keyId));
  return row ? acceptKey(db, row, cacheKey, false) : null;
}

/** Records use at most once a minute per key, so hot keys do not write on every request. */
async function touchLastUsed(db: DbOrTx, verified: VerifiedKey): Promise<void> {
  const last = verified.key.lastUsedAt?.getTime() ?? 0;
  if (nowMs() - last < LAST_USED_RESOLUTION_MS) return;
  const at = now();
  verified.key.lastUsedAt = at;
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, verified.key.id));
}

export type RotatedKey = {
  key_id: string;
  old_key_prefix: string;
  new_key: string;
  rotated_at: Date;
  old_key_expires_at: Date;
};

/** Issues a new secret under the same key id; the old one works for `graceSeconds` more. */
export async function rotateKeySecret(
  db: DbOrTx,
  key: ApiKey,
  graceSeconds: number,
  actor: Actor,
  requestId?: string,
): Promise<RotatedKey> {
  const generated = generateKey(key.kind);
  const rotatedAt = now();
  const oldExpires = new Date(rotatedAt.getTime() + graceSeconds * 1000);
  await db.transaction(async (tx) => {
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
    await recordAudit(tx, {
      orgId: key.orgId,
      actor,
      action: "api_key.rotated",
      target: { type: "api_key", id: key.id },
      metadata: { old_prefix: key.prefix, new_prefix: generated.prefix, grace_seconds: graceSeconds },
      requestId,
    });
  });
  evictCachedKey(key.id);
  return {
    key_id: key.id,
    old_key_prefix: key.prefix,
    new_key: generated.secret,
    rotated_at: rotatedAt,
    old_key_expires_at: oldExpires,
  };
}

/** An agent rotating the key it called with. */
export function rotateKey(
  db: DbOrTx,
  verified: VerifiedKey,
  graceSeconds: number,
  requestId?: string,
): Promise<RotatedKey> {
  return rotateKeySecret(
    db,
    verified.key,
    graceSeconds,
    { type: "api_key", keyId: verified.key.id },
    requestId,
  );
}

export async function listKeysForAgent({
  ctx,
  agentId,
}: {
  ctx: OrgContext;
  agentId: string;
}): Promise<ApiKeyView[]> {
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, ctx.org.id), eq(apiKeys.agentId, agentId)))
    .orderBy(apiKeys.createdAt);
  return rows.map(toKeyView);
}

export async function revokeKey({ ctx, keyId }: { ctx: OrgContext; keyId: string }): Promise<ApiKeyView> {
  assertRole(ctx.role, "member", "revoke API keys");
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: now() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, ctx.org.id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!updated) throw await notFoundInOrg({ ...ctx, db: tx }, "api_key", keyId);
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "api_key.revoked",
      target: { type: "api_key", id: keyId },
      metadata: { prefix: updated.prefix },
      requestId: ctx.requestId,
    });
    return updated;
  });
  evictCachedKey(keyId);
  return toKeyView(row);
}

/** Another key for an existing agent of the caller's org; the secret is shown this once. */
export async function createAgentKey({
  ctx,
  agentId,
  name,
}: {
  ctx: OrgContext;
  agentId: string;
  name: string;
}): Promise<IssuedKey> {
  assertRole(ctx.role, "member", "create API keys");
  return ctx.db.transaction(async (tx) => {
    const [agent] = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.id, agentId), eq(agents.orgId, ctx.org.id), isNull(agents.deletedAt)));
    if (!agent) throw await notFoundInOrg({ ...ctx, db: tx }, "agent", agentId);
    return insertApiKey(tx, ctx, {
      orgId: ctx.org.id,
      agentId,
      kind: "agent",
      name,
      createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      requestId: ctx.requestId,
    });
  });
}
