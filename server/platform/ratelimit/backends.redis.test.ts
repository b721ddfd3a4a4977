import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimiterContract } from "@/test/ratelimit-contract";
import { deleteKeys, describeOnRedis, testPrefix } from "@/test/redis-only";
import { startUpstashRestServer } from "@/test/upstash-rest-server";
import { connectRedis, type SharedRedis } from "../redis";
import { compatibleScript, sha1 } from "./lua-compat";
import { createUpstashLimiter } from "./upstash";

const redisUrl = process.env.REDIS_URL ?? "redis://unset";
const prefix = testPrefix();

describeOnRedis("rate limiting on Redis", () => {
  let tcp: SharedRedis;
  let rest: SharedRedis;
  let restServer: Awaited<ReturnType<typeof startUpstashRestServer>>;

  beforeAll(async () => {
    tcp = connectRedis({ kind: "redis", url: redisUrl }, 1_000);
    restServer = await startUpstashRestServer(redisUrl, "test-token");
    rest = connectRedis({ kind: "upstash", url: restServer.url, token: restServer.token }, 1_000);
  });
  afterAll(async () => {
    await tcp.close();
    await restServer.close();
    await deleteKeys(redisUrl, prefix);
  });

  describe("over TCP (ioredis requester)", () => {
    rateLimiterContract((policy) => createUpstashLimiter(tcp.client, policy, `${prefix}:tcp`));
  });

  describe("over Upstash REST", () => {
    rateLimiterContract((policy) => createUpstashLimiter(rest.client, policy, `${prefix}:rest`));
  });

  it("shares one budget between two instances (two connections, one Redis)", async () => {
    const other = connectRedis({ kind: "redis", url: redisUrl }, 1_000);
    try {
      const policy = { name: "shared", limit: 10, windowMs: 60_000 };
      const a = createUpstashLimiter(tcp.client, policy, `${prefix}:shared`);
      const b = createUpstashLimiter(other.client, policy, `${prefix}:shared`);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).limit("caller")),
      );
      expect(results.filter((r) => r.success)).toHaveLength(10);
    } finally {
      await other.close();
    }
  });

  it("rewrites Upstash-only script flags so a real Redis runs them", () => {
    const script = "#!lua flags=allow-key-locking\nreturn 1";
    expect(compatibleScript(script)).toBe("#!lua\nreturn 1");
    expect(sha1("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });
});
