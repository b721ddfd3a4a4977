import { afterEach, describe, expect, it } from "vitest";
import { rateLimiterContract } from "@/test/ratelimit-contract";
import { installFakeClock } from "../clock";
import { createMemoryLimiter } from "./memory";
import { retryAfterSeconds } from "./types";

describe("memory rate limiter (sliding window)", () => {
  let clock: ReturnType<typeof installFakeClock>;
  afterEach(() => clock.restore());

  it("allows exactly the limit within a window, then blocks with a reset time", async () => {
    clock = installFakeClock("2026-01-01T00:00:00Z");
    const limiter = createMemoryLimiter({ name: "t", limit: 3, windowMs: 60_000 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("ip-1"));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    const blocked = results[3];
    if (!blocked) throw new Error("missing result");
    expect(retryAfterSeconds(blocked, Date.parse("2026-01-01T00:00:00Z"))).toBe(60);
  });

  it("keeps identifiers apart", async () => {
    clock = installFakeClock();
    const limiter = createMemoryLimiter({ name: "t", limit: 1, windowMs: 1_000 });
    expect((await limiter.limit("a")).success).toBe(true);
    expect((await limiter.limit("b")).success).toBe(true);
    expect((await limiter.limit("a")).success).toBe(false);
  });

  it("weights the previous window, so a burst at a boundary cannot double the rate", async () => {
    clock = installFakeClock("2026-01-01T00:00:50Z");
    const limiter = createMemoryLimiter({ name: "t", limit: 10, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) expect((await limiter.limit("k")).success).toBe(true);
    clock.set("2026-01-01T00:01:06Z"); // 10% into the next window: 90% of 10 still counts
    expect((await limiter.limit("k")).success).toBe(true);
    expect((await limiter.limit("k")).success).toBe(false);
    clock.set("2026-01-01T00:03:00Z"); // two windows later: fresh
    expect((await limiter.limit("k")).remaining).toBe(9);
  });

  it("forgets an identifier on reset", async () => {
    clock = installFakeClock();
    const limiter = createMemoryLimiter({ name: "t", limit: 1, windowMs: 60_000 });
    await limiter.limit("k");
    expect((await limiter.limit("k")).success).toBe(false);
    await limiter.reset("k");
    expect((await limiter.limit("k")).success).toBe(true);
  });
});

describe("memory backend: the shared contract", () => {
  rateLimiterContract((policy) => createMemoryLimiter(policy));
});
