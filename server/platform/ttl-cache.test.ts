import { afterEach, describe, expect, it } from "vitest";
import { installFakeClock } from "./clock";
import { sharedTtlCache, TtlCache } from "./ttl-cache";

let clock: ReturnType<typeof installFakeClock> | null = null;
afterEach(() => clock?.restore());

describe("TtlCache", () => {
  it("forgets entries at their expiry, never later than the cache's TTL", () => {
    clock = installFakeClock();
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 10 });
    cache.set("a", "A");
    cache.set("b", "B", 200);
    cache.set("c", "C", 5000); // capped at 1000
    clock.advance(199);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["A", "B", "C"]);
    clock.advance(1);
    expect(cache.get("b")).toBeUndefined();
    clock.advance(800);
    expect([cache.get("a"), cache.get("c")]).toEqual([undefined, undefined]);
  });

  it("drops the oldest entry when full, and evicts by key or by predicate", () => {
    const cache = new TtlCache<{ owner: string }>({ ttlMs: 60_000, maxEntries: 2 });
    cache.set("1", { owner: "x" });
    cache.set("2", { owner: "y" });
    cache.set("3", { owner: "x" });
    expect(cache.get("1")).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.deleteWhere((v) => v.owner === "x");
    expect([cache.get("2"), cache.get("3")]).toEqual([{ owner: "y" }, undefined]);
    cache.delete("2");
    expect(cache.size).toBe(0);
  });

  it("is one instance per name per process", () => {
    const a = sharedTtlCache<number>("ttl-test", { ttlMs: 1000, maxEntries: 5 });
    a.set("k", 1);
    expect(sharedTtlCache<number>("ttl-test", { ttlMs: 1000, maxEntries: 5 }).get("k")).toBe(1);
    a.clear();
  });
});
