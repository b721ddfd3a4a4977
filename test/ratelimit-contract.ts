import { expect, it } from "vitest";
import type { RateLimiter, RateLimitPolicy } from "@/server/platform/ratelimit/types";

/** What every rate-limit backend must do, run against each of them. */
export function rateLimiterContract(make: (policy: RateLimitPolicy) => RateLimiter) {
  let n = 0;
  const policy = (limit: number): RateLimitPolicy => ({ name: `contract${n++}`, limit, windowMs: 60_000 });

  it("lets exactly the limit through when 20 calls arrive at once against a limit of 10", async () => {
    const limiter = make(policy(10));
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.limit("same-caller")));
    expect(results.filter((r) => r.success)).toHaveLength(10);
    expect(results.filter((r) => !r.success).every((r) => r.remaining === 0 && r.limit === 10)).toBe(true);
    expect(results.every((r) => r.reset > Date.now() - 1_000)).toBe(true);
  });

  it("counts identifiers separately and reports what remains", async () => {
    const limiter = make(policy(2));
    expect((await limiter.limit("a")).remaining).toBe(1);
    expect((await limiter.limit("a")).remaining).toBe(0);
    expect((await limiter.limit("a")).success).toBe(false);
    expect((await limiter.limit("b")).success).toBe(true);
  });

  it("peeks at an identifier without counting it", async () => {
    const limiter = make(policy(2));
    expect(await limiter.peek("p")).toMatchObject({ success: true, remaining: 2, limit: 2 });
    expect(await limiter.peek("p")).toMatchObject({ success: true, remaining: 2 });
    await limiter.limit("p");
    expect(await limiter.peek("p")).toMatchObject({ success: true, remaining: 1 });
    await limiter.limit("p");
    const full = await limiter.peek("p");
    expect(full).toMatchObject({ success: false, remaining: 0 });
    expect(full.reset).toBeGreaterThan(Date.now() - 1_000);
  });

  it("forgets an identifier on reset", async () => {
    const limiter = make(policy(1));
    await limiter.limit("k");
    expect((await limiter.limit("k")).success).toBe(false);
    await limiter.reset("k");
    expect((await limiter.limit("k")).success).toBe(true);
  });
}
