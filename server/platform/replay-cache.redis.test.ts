import { expect, it } from "vitest";
import { describeOnRedis } from "@/test/redis-only";
import { setEnvForTests } from "./env";
import { closeSharedRedis } from "./redis";
import { getReplayCache, resetReplayCacheForTests } from "./replay-cache";

describeOnRedis("replay cache on Redis", () => {
  it("catches a replay sent to another instance (a fresh process-local cache)", async () => {
    setEnvForTests({ REDIS_URL: process.env.REDIS_URL });
    const value = `key_x:v1=${"ab".repeat(32)}`;
    expect(await getReplayCache().firstSighting(value, 60)).toBe(true);
    // A second instance: its memory is empty, so only Redis can know.
    resetReplayCacheForTests();
    expect(await getReplayCache().firstSighting(value, 60)).toBe(false);
    expect(await getReplayCache().firstSighting(`${value}0`, 60)).toBe(true);
    await closeSharedRedis();
  });
});
