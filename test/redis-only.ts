import { randomBytes } from "node:crypto";
import IORedis from "ioredis";
import { describe } from "vitest";

/** Redis-backed tests: skip locally without REDIS_URL; CI runs them in its services pass. */
export const describeOnRedis = process.env.REDIS_URL ? describe : describe.skip;

/** A key prefix of this test file's own, so files never see each other's keys. */
export const testPrefix = () => `brikk-test:${randomBytes(4).toString("hex")}`;

/** Deletes this file's keys (SCAN + UNLINK on its prefix; never FLUSHALL). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
