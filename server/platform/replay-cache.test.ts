import { afterEach, describe, expect, it } from "vitest";
import { installFakeClock } from "./clock";
import { MemoryReplayCache, RedisReplayCache } from "./replay-cache";

let clock: ReturnType<typeof installFakeClock> | null = null;
afterEach(() => {
  clock?.restore();
  clock = null;
});

describe("replay cache", () => {
  it("remembers a value for its TTL, then forgets it", async () => {
    clock = installFakeClock();
    const cache = new MemoryReplayCache();
    expect(await cache.firstSighting("sig", 600)).toBe(true);
    expect(await cache.firstSighting("sig", 600)).toBe(false);
    expect(await cache.firstSighting("other", 600)).toBe(true);
    clock.advance(600_001);
    expect(await cache.firstSighting("sig", 600)).toBe(true);
  });

  it("asks the shared store after its own memory, and falls back to memory when the store fails", async () => {
    const shared = new Set<string>();
    let down = false;
    const setNx = async (key: string) => {
      if (down) throw new Error("ECONNREFUSED");
      if (shared.has(key)) return false;
      shared.add(key);
      return true;
    };
    const instanceA = new RedisReplayCache(setNx, "p");
    const instanceB = new RedisReplayCache(setNx, "p");
    expect(await instanceA.firstSighting("sig", 600)).toBe(true);
    // Another instance sees the replay through the shared store.
    expect(await instanceB.firstSighting("sig", 600)).toBe(false);
    down = true;
    expect(await instanceA.firstSighting("new", 600)).toBe(true);
    // The store is down, but this process still remembers what it saw.
    expect(await instanceA.firstSighting("new", 600)).toBe(false);
  });
});
