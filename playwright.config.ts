import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { FAKE_STRIPE_PORT, STRIPE_WEBHOOK_SECRET } from "./e2e/fake-stripe-env";

// Runs against `npm start`'s server on a production build (`npm run test:e2e` builds first). Every run
// gets a fresh embedded database; sign-in limits are raised because every test comes from
// 127.0.0.1. The browser is Debian's Chromium: Playwright never downloads one here.

const PORT = 3100;
export const DEMO_PASSWORD = "e2e demo password 123";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  // A test that passes only on a retry is fixed, not retried; .ci/run also fails on skipped tests.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `node node_modules/tsx/dist/cli.mjs scripts/fake-stripe.ts --port ${FAKE_STRIPE_PORT} --webhook http://localhost:${PORT}/api/v1/billing/webhooks/stripe`,
      port: FAKE_STRIPE_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { STRIPE_WEBHOOK_SECRET },
    },
    {
      command: `node .next/brikk/server.mjs -p ${PORT}`,
      url: `http://localhost:${PORT}/api/inbound/_ping`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        BRIKK_DATA_DIR: path.join(tmpdir(), `brikk-e2e-${process.pid}`),
        BRIKK_SIGNIN_LIMIT: "10000",
        BRIKK_DEMO_PASSWORD: DEMO_PASSWORD,
        AUTH_TRUST_HOST: "true",
        LOG_LEVEL: "warn",
        STRIPE_SECRET_KEY: "sk_test_e2e",
        STRIPE_PUBLISHABLE_KEY: "pk_test_e2e",
        STRIPE_WEBHOOK_SECRET,
        STRIPE_API_URL: `http://127.0.0.1:${FAKE_STRIPE_PORT}`,
      },
    },
  ],
});
