import type { ApiKeyKind } from "@/db/schema";
import { keyedDigest, randomBase62 } from "../platform/crypto";
import { getSecrets } from "../platform/secrets";

export const KEY_PREFIXES: Record<ApiKeyKind, string> = { agent: "brk_live_", management: "brk_mgmt_" };

/** Characters of the secret kept for display: enough to tell keys apart, far too few to guess. */
const DISPLAY_CHARS = 6;

export type GeneratedKey = { secret: string; prefix: string; digest: string };

export function digestOf(secret: string): string {
  return keyedDigest(secret, getSecrets().BRIKK_API_KEY_PEPPER);
}

export function generateKey(kind: ApiKeyKind): GeneratedKey {
  const head = KEY_PREFIXES[kind];
  const secret = `${head}${randomBase62(32)}`;
  return { secret, prefix: secret.slice(0, head.length + DISPLAY_CHARS), digest: digestOf(secret) };
}

/** Cheap shape check before any hashing or lookup. */
export function looksLikeKey(value: string): boolean {
  return /^brk_(live|mgmt)_[0-9A-Za-z]{40,50}$/.test(value);
}
