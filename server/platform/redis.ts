import { Redis as UpstashRedis } from "@upstash/redis";
import IORedis from "ioredis";
import type { RateLimitBackend } from "./env";
import { createRedisRequester } from "./ratelimit/redis-requester";

// One Redis connection per process (on globalThis, like every singleton here), reached through
// the @upstash/redis client whatever the transport: Upstash REST, or a Redis server over TCP.

export type SharedRedis = {
  client: UpstashRedis;
  /** Round trip to the server, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export function connectRedis(
  backend: Exclude<RateLimitBackend, { kind: "memory" }>,
  timeoutMs: number,
): SharedRedis {
  if (backend.kind === "upstash") {
    // Retries are ours to decide (fail open or closed within a timeout), not the client's.
    const client = new UpstashRedis({ url: backend.url, token: backend.token, retry: false });
    return { client, ping: async () => void (await client.ping()), close: async () => {} };
  }
  const tcp = new IORedis(backend.url, {
    connectTimeout: 1_000,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // Commands issued in the same tick (one rate-limit check per concurrent call) go out in one
    // write: under load that is one syscall for many calls instead of one each.
    enableAutoPipelining: true,
    // Keep reconnecting in the background; callers time out instead of waiting.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Connection errors surface as failed commands; without a listener ioredis would log each retry.
  tcp.on("error", () => {});
  const client = new UpstashRedis(createRedisRequester(tcp));
  return {
    client,
    ping: async () => void (await tcp.ping()),
    close: async () => {
      tcp.disconnect();
    },
  };
}

const REDIS_KEY = Symbol.for("brikk.redis");
type Holder = { [REDIS_KEY]?: SharedRedis };

export function getSharedRedis(
  backend: Exclude<RateLimitBackend, { kind: "memory" }>,
  timeoutMs: number,
): SharedRedis {
  const holder = globalThis as Holder;
  holder[REDIS_KEY] ??= connectRedis(backend, timeoutMs);
  return holder[REDIS_KEY];
}

export async function closeSharedRedis(): Promise<void> {
  const holder = globalThis as Holder;
  const redis = holder[REDIS_KEY];
  delete holder[REDIS_KEY];
  await redis?.close();
}
