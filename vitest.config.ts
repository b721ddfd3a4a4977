import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const ci = process.env.CI === "true";
const onPostgres = Boolean(process.env.DATABASE_URL);
const onRedis = Boolean(process.env.REDIS_URL);

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    include: ["{server,db,components,lib,app,test,client}/**/*.test.{ts,tsx}", "proxy.test.ts"],
    // Concurrency tests (*.pg.test.ts) need PostgreSQL, *.redis.test.ts a Redis. Locally without
    // DATABASE_URL / REDIS_URL they skip visibly; in CI the services pass runs them and the
    // embedded pass leaves them out, so a CI run never reports a skip.
    exclude: [
      "node_modules/**",
      ".next/**",
      ...(ci && !onPostgres ? ["**/*.pg.test.ts"] : []),
      ...(ci && !onRedis ? ["**/*.redis.test.ts"] : []),
    ],
    coverage: {
      provider: "v8",
      include: [
        "server/**/*.{ts,tsx}",
        "db/**/*.ts",
        "components/**/*.{ts,tsx}",
        "lib/**/*.{ts,tsx}",
        "proxy.ts",
      ],
      exclude: [
        "**/*.test.{ts,tsx}",
        "db/migrations/**",
        // Framework adapters and layout-only components that only run inside Next.js; Playwright
        // exercises them end to end against a production build.
        "server/root/rsc.tsx",
        "server/auth/config.ts",
        "server/runtime/bootstrap.ts",
        "server/jobs/schedule.ts",
        "server/runtime/main.ts",
        "components/ui/**",
        "components/shell/**",
        "lib/trpc/client.tsx",
      ],
      reporter: ["text-summary", "json-summary", "html"],
      thresholds: {
        lines: 80,
        statements: 80,
        functions: 80,
        branches: 75,
        // The seeds' floors (PLAN phase 11): LLM cost calculation 100% (the cost and the hold
        // estimate), auth middleware 90% (authenticate, signatures, the key check), usage metering
        // 90% (the LLM usage events). The echo pricing and charge keep the floors they had.
        "server/llm/prices.ts": { lines: 100, statements: 100, functions: 100, branches: 100 },
        "server/{http/authenticate,http/signature,keys/verify}.ts": {
          lines: 90,
          statements: 90,
          functions: 90,
          branches: 85,
        },
        "server/llm/metering.ts": { lines: 90, statements: 90, functions: 90, branches: 85 },
        "server/billing/{pricing,charge}.ts": { lines: 100, statements: 100, functions: 100, branches: 100 },
        "server/ledger/charge-batch.ts": { lines: 90, statements: 90, functions: 90, branches: 85 },
        // Group commit carries every paid call's holds and settlements.
        "server/{platform/group-commit,llm/budget-batch}.ts": {
          lines: 90,
          statements: 90,
          functions: 90,
          branches: 75,
        },
        // Where money moves: the ledger's write paths and Stripe's webhook handling.
        "server/ledger/{transfer,flows,reservations,reservation-batch}.ts": {
          lines: 90,
          statements: 90,
          functions: 90,
          branches: 65,
        },
        "server/payments/{refunds,webhook,payment-rows}.ts": {
          lines: 90,
          statements: 90,
          functions: 90,
          branches: 75,
        },
        "server/payments/events/*.ts": { lines: 90, statements: 90, functions: 90, branches: 60 },
        "server/auth/{service,password,session}.ts": {
          lines: 90,
          statements: 90,
          functions: 90,
          branches: 80,
        },
      },
    },
  },
});
