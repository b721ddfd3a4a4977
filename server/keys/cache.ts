import { nowMs } from "../platform/clock";

// Verified keys are cached in-process for at most 30 s, so a hot key costs one hash and a map
// lookup. Revocation, rotation and deletion evict the key here at once; other instances see the
// change when their entry expires, which bounds how long a revoked key can keep working.

export const KEY_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

type Entry<T> = { value: T; keyId: string; expiresAt: number };

export class VerifiedKeyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  get(digest: string): T | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.expiresAt <= nowMs()) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry.value;
  }

  set(digest: string, keyId: string, value: T, ttlMs = KEY_CACHE_TTL_MS): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(digest, { value, keyId, expiresAt: nowMs() + ttlMs });
  }

  evictKey(keyId: string): void {
    for (const [digest, entry] of this.entries) if (entry.keyId === keyId) this.entries.delete(digest);
  }

  clear(): void {
    this.entries.clear();
  }
}
