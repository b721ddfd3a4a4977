import { describe, expect, it } from "vitest";
import { connectRedis } from "../redis";
import { withFailurePolicy } from "./failure-policy";
import { compatibleScript, NOSCRIPT, rewriteCommand, ScriptRegistry, sha1 } from "./lua-compat";
import { createRedisRequester } from "./redis-requester";
import type { RateLimiter } from "./types";
import { createUpstashLimiter } from "./upstash";

describe("an unreachable backend", () => {
  const dead = () => connectRedis({ kind: "redis", url: "redis://127.0.0.1:1" }, 100);
  const policy = { name: "dead", limit: 5, windowMs: 60_000 };

  it("fails open quickly by default, never hanging the request", async () => {
    const redis = dead();
    try {
      const limiter = withFailurePolicy(createUpstashLimiter(redis.client, policy, "x"), policy, {
        backend: "redis",
        timeoutMs: 150,
        failClosed: false,
      });
      const started = performance.now();
      const result = await limiter.limit("caller");
      expect(result.success).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await redis.close();
    }
  });

  it("answers 503 when configured to fail closed", async () => {
    const redis = dead();
    try {
      const limiter = withFailurePolicy(createUpstashLimiter(redis.client, policy, "x"), policy, {
        backend: "redis",
        timeoutMs: 150,
        failClosed: true,
      });
      await expect(limiter.limit("caller")).rejects.toMatchObject({
        code: "service_unavailable",
        status: 503,
      });
    } finally {
      await redis.close();
    }
  });
});

describe("failure policy with a misbehaving limiter", () => {
  const policy = { name: "flaky", limit: 3, windowMs: 60_000 };
  const hanging: RateLimiter = {
    limit: () => new Promise(() => {}),
    peek: () => new Promise(() => {}),
    reset: () => new Promise(() => {}),
  };
  const throwing: RateLimiter = {
    limit: () => Promise.reject(new Error("READONLY")),
    peek: () => Promise.reject(new Error("READONLY")),
    reset: () => Promise.reject(new Error("READONLY")),
  };

  it("times out a hanging backend and lets the call through with a full budget", async () => {
    const limiter = withFailurePolicy(hanging, policy, {
      backend: "redis",
      timeoutMs: 20,
      failClosed: false,
    });
    expect(await limiter.limit("x")).toMatchObject({ success: true, limit: 3, remaining: 3 });
    expect(await limiter.peek("x")).toMatchObject({ success: true, limit: 3, remaining: 3 });
    await expect(limiter.reset("x")).rejects.toThrow(/did not answer within 20 ms/);
  });

  it("turns backend errors into 503 when failing closed", async () => {
    const limiter = withFailurePolicy(throwing, policy, {
      backend: "upstash",
      timeoutMs: 20,
      failClosed: true,
    });
    await expect(limiter.limit("x")).rejects.toMatchObject({ code: "service_unavailable" });
    await expect(limiter.peek("x")).rejects.toMatchObject({ code: "service_unavailable" });
  });
});

describe("Redis compatibility for @upstash/ratelimit scripts", () => {
  it("rewrites EVAL, maps EVALSHA to the rewritten script, and asks for EVAL when unknown", () => {
    const scripts = new ScriptRegistry();
    const original = "#!lua flags=allow-key-locking\nreturn 1";
    expect(rewriteCommand(["evalsha", sha1(original), 0], scripts)).toEqual({ error: NOSCRIPT });
    expect(rewriteCommand(["eval", original, 0], scripts)).toEqual(["eval", "#!lua\nreturn 1", 0]);
    expect(rewriteCommand(["evalsha", sha1(original), 0], scripts)).toEqual([
      "evalsha",
      sha1(compatibleScript(original)),
      0,
    ]);
    expect(rewriteCommand(["SCRIPT", "LOAD", original], scripts)).toEqual([
      "script",
      "load",
      "#!lua\nreturn 1",
    ]);
    expect(rewriteCommand(["get", "k"], scripts)).toEqual(["get", "k"]);
  });

  it("answers single commands, pipelines and transactions in Upstash's shape", async () => {
    const calls: unknown[][] = [];
    const fake = {
      call: async (...args: unknown[]) => {
        calls.push(args);
        if (args[0] === "boom") throw new Error("ERR boom");
        return "OK";
      },
      pipeline: (commands: unknown[][]) => ({ exec: async () => commands.map(() => [null, 1]) }),
      multi: (commands: unknown[][]) => ({
        exec: async () => commands.map(() => [new Error("EXECABORT"), null]),
      }),
    };
    const requester = createRedisRequester(fake as never);
    expect(await requester.request({ body: ["set", "k", "v"] })).toEqual({ result: "OK" });
    expect(await requester.request({ body: ["boom"] })).toEqual({ error: "ERR boom" });
    expect(
      await requester.request({
        path: ["pipeline"],
        body: [
          ["incr", "a"],
          ["evalsha", "unknown", 0],
        ],
      }),
    ).toEqual([{ result: 1 }, { error: NOSCRIPT }]);
    expect(await requester.request({ path: ["multi-exec"], body: [["incr", "a"]] })).toEqual([
      { error: "EXECABORT" },
    ]);
    expect(calls).toEqual([["set", "k", "v"], ["boom"]]);
  });
});
