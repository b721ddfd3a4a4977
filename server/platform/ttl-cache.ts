import { nowMs } from "./clock";

// A small in-process cache whose entries expire, bounded in size (the oldest entry goes first:
// Maps iterate in insertion order). One instance per name per process, shared by every Next
// bundle through globalThis, so an eviction in a route reaches the cache the pipeline reads.

type Entry<V> = { value: V; expiresAt: number };

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly options: { ttlMs: number; maxEntries: number }) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= nowMs()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` for `ttlMs` (at most the cache's TTL). */
  set(key: string, value: V, ttlMs = this.options.ttlMs): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: nowMs() + Math.min(ttlMs, this.options.ttlMs) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache called `name`, created on first use. */
export function sharedTtlCache<V>(name: string, options: { ttlMs: number; maxEntries: number }): TtlCache<V> {
  const key = Symbol.for(`brikk.cache.${name}`);
  const holder = globalThis as { [key: symbol]: TtlCache<V> | undefined };
  holder[key] ??= new TtlCache<V>(options);
  return holder[key];
}
