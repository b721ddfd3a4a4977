import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach } from "vitest";
import { resetRateLimitRollupForTests } from "@/server/audit/rate-limit-rollup";
import { resetEnvForTests } from "@/server/platform/env";
import { resetRateLimitersForTests } from "@/server/platform/ratelimit-policies";
import { closeSharedRedis } from "@/server/platform/redis";
import { resetReplayCacheForTests } from "@/server/platform/replay-cache";
import { resetSecretsForTests } from "@/server/platform/secrets";
import { deleteKeys, testPrefix } from "./redis-only";

// Every test file gets fixed secrets and its own data dir, so nothing is written into the
// checkout and server mode (DATABASE_URL set) has what it requires.
process.env.AUTH_SECRET ??= "test-auth-secret-that-is-at-least-32-characters-long";
process.env.BRIKK_API_KEY_PEPPER ??= Buffer.alloc(32, 1).toString("base64");
process.env.BRIKK_ENCRYPTION_KEY ??= Buffer.alloc(32, 2).toString("base64");
process.env.BRIKK_DATA_DIR = mkdtempSync(path.join(tmpdir(), "brikk-test-"));
process.env.LOG_LEVEL ??= "silent";
// Tests read rows right after the request that wrote them; write-behind has its own tests.
process.env.BRIKK_WRITE_BEHIND_MS ??= "0";
// Every direct call to a route handler comes from the same address ("unknown"): the per-IP limit
// on failed key checks (60/min by default) would turn a file's later 401s into 429s. Its own tests
// set the real limit.
process.env.BRIKK_RATE_LIMIT_AUTH_FAILURES_PER_MIN ??= "100000";
// Redis keys are namespaced per test file (never FLUSHALL): files and reruns never share counters.
process.env.BRIKK_REDIS_PREFIX = testPrefix();

afterAll(async () => {
  await closeSharedRedis();
  if (process.env.REDIS_URL) await deleteKeys(process.env.REDIS_URL, process.env.BRIKK_REDIS_PREFIX ?? "");
});

afterEach(() => {
  resetEnvForTests();
  resetSecretsForTests();
  resetRateLimitersForTests();
  resetReplayCacheForTests();
  resetRateLimitRollupForTests();
});
