import { nowMs } from "./clock";
import { getEnv } from "./env";
import { getLogger } from "./logger";
import { getSharedRedis } from "./redis";

// Remembers values (signatures) for a while and says whether one was seen before. Shared through
// Redis when the app runs with a Redis backend, so a replay sent to another instance is caught
// too; in-memory otherwise. If Redis fails, this process's memory still catches replays that
// reach it, which is better than waving every signed request through or refusing them all.

export interface ReplayCache {
  /** True the first time `value` is seen within `ttlSeconds`; false for a replay. */
  firstSighting(value: string, ttlSeconds: number): Promise<boolean>;
}

const MAX_MEMORY_ENTRIES = 100_000;

export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();

  async firstSighting(value: string, ttlSeconds: number): Promise<boolean> {
    const at = nowMs();
    const expiresAt = this.seen.get(value);
    if (expiresAt !== undefined && expiresAt > at) return false;
    if (this.seen.size >= MAX_MEMORY_ENTRIES) this.sweep(at);
    this.seen.set(value, at + ttlSeconds * 1000);
    return true;
  }

  private sweep(at: number): void {
    for (const [value, expiresAt] of this.seen) if (expiresAt <= at) this.seen.delete(value);
    // Still full of live entries: drop the oldest rather than grow without bound.
    while (this.seen.size >= MAX_MEMORY_ENTRIES) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
  }
}

type SetNx = (key: string, ttlSeconds: number) => Promise<boolean>;

export class RedisReplayCache implements ReplayCache {
  constructor(
    private readonly setNx: SetNx,
    private readonly prefix: string,
    private readonly fallback = new MemoryReplayCache(),
  ) {}

  async firstSighting(value: string, ttlSeconds: number): Promise<boolean> {
    const local = await this.fallback.firstSighting(value, ttlSeconds);
    if (!local) return false;
    try {
      return await this.setNx(`${this.prefix}:${value}`, ttlSeconds);
    } catch (error) {
      getLogger().error({ err: error }, "replay cache unreachable; using this process's memory only");
      return true;
    }
  }
}

const CACHE_KEY = Symbol.for("brikk.replaycache");
type Holder = { [CACHE_KEY]?: ReplayCache };

export function getReplayCache(): ReplayCache {
  const holder = globalThis as Holder;
  if (holder[CACHE_KEY]) return holder[CACHE_KEY];
  const env = getEnv();
  const backend = env.rateLimitBackend;
  if (backend.kind === "memory") {
    holder[CACHE_KEY] = new MemoryReplayCache();
  } else {
    const redis = getSharedRedis(backend, env.rateLimitTimeoutMs);
    const setNx: SetNx = async (key, ttlSeconds) =>
      (await redis.client.set(key, "1", { nx: true, ex: ttlSeconds })) !== null;
    holder[CACHE_KEY] = new RedisReplayCache(setNx, `${env.redisPrefix}:replay`);
  }
  return holder[CACHE_KEY];
}

export function resetReplayCacheForTests(): void {
  delete (globalThis as Holder)[CACHE_KEY];
}
