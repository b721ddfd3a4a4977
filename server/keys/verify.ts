import { eq, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ApiKey, agents, apiKeys } from "@/db/schema";
import type { KeyActor } from "../context";
import { now, nowMs } from "../platform/clock";
import { constantTimeEqual } from "../platform/crypto";
import { getMetrics } from "../platform/metrics";
import { sharedTtlCache, type TtlCache } from "../platform/ttl-cache";
import { effectiveCaps } from "./caps";
import { digestOf, looksLikeKey } from "./generate";

// Turning a presented secret (or a signed request's key id) into the key it belongs to: the
// check every keyed request makes, so it is cached and writes at most once a minute per key.

const LAST_USED_RESOLUTION_MS = 60_000;

/** A key that authenticated a request, with what the pipeline needs to know about it. */
export type VerifiedKey = {
  key: ApiKey;
  agent: { id: string; name: string } | null;
  /** The request used the secret that a rotation replaced (still inside its grace period). */
  viaPreviousSecret: boolean;
};

/** The key as the actor of what it asks for (audit rows, permission decisions). */
export function keyActorOf(verified: VerifiedKey, signed = false): KeyActor {
  const caps = effectiveCaps(verified.key);
  return {
    type: "api_key",
    keyId: verified.key.id,
    kind: verified.key.kind,
    scopes: verified.key.scopes,
    retiring: verified.viaPreviousSecret,
    agent: verified.agent,
    caps: { softMicroUsd: caps.soft, hardMicroUsd: caps.hard },
    signed,
  };
}

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
  getMetrics().apiKeyLookups.inc({ outcome: row ? "found" : "unknown" });
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

/** A verification this process already made and that still holds, without touching the database. */
export function cachedKeyFor(secret: string): VerifiedKey | null {
  if (!looksLikeKey(secret)) return null;
  const cached = keyCache().get(digestOf(secret));
  return cached && stillValid(cached, nowMs()) ? cached : null;
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
 * The id proves nothing by itself: the caller must still check the signature. Rotation does not
 * change the signing secret, so a signed request always counts as the current secret.
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
