import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { freePort, type Instance, startInstance, stopInstances } from "./instance";

// Two built app processes (not the Playwright one) on free ports share one PostgreSQL database
// and one Redis: a rate limit of 10 echo calls per minute must hold across both of them.

const PG_ADMIN_URL = process.env.BRIKK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BRIKK_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const DEMO_EMAIL = "multi@brikk.local";
const DEMO_PASSWORD = "multi instance password";

/** Signs in through Auth.js's credentials endpoint and returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed with HTTP ${res.status}`);
  return session.split(";")[0] ?? "";
}

test.describe("two instances sharing PostgreSQL and Redis", () => {
  const database = `brikk_multi_${randomBytes(4).toString("hex")}`;
  const instances: Instance[] = [];
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });

  test.beforeAll(async () => {
    await admin.unsafe(`create database ${database}`);
  });

  test.afterAll(async () => {
    await stopInstances(instances);
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  test("40 concurrent calls split across both against a limit of 10: exactly 10 pass", async () => {
    test.setTimeout(180_000);
    const dbUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
    const env: Record<string, string> = {
      DATABASE_URL: dbUrl,
      REDIS_URL,
      BRIKK_REDIS_PREFIX: `brikk-multi:${randomBytes(4).toString("hex")}`,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      BRIKK_API_KEY_PEPPER: randomBytes(32).toString("base64"),
      BRIKK_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      BRIKK_SEED_DEMO: "true",
      BRIKK_DEMO_EMAIL: DEMO_EMAIL,
      BRIKK_DEMO_PASSWORD: DEMO_PASSWORD,
      BRIKK_RATE_LIMIT_ECHO: "10",
      BRIKK_JOBS_IN_PROCESS: "false",
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      instances.push(await startInstance(port, { ...env, AUTH_URL: `http://127.0.0.1:${port}` }));
    }
    const bases = instances.map((instance) => instance.base);
    const [first, second] = bases as [string, string];

    const cookie = await signIn(first);
    const created = await fetch(`${first}/api/v1/agents`, {
      method: "POST",
      headers: { cookie, origin: first, "content-type": "application/json" },
      body: JSON.stringify({ name: "Shared limit" }),
    });
    expect(created.status).toBe(201);
    const { api_key } = (await created.json()) as { api_key: { secret: string } };

    // The sliding window weighs the previous minute by how much of it is still in view, so a burst
    // that straddles a minute boundary may let one or two extra calls through (by design of the
    // algorithm). Start the burst well inside a window so the count is exact.
    await startOfQuietWindow();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${i % 2 === 0 ? first : second}/api/v1/echo`, {
          method: "POST",
          headers: { authorization: `Bearer ${api_key.secret}`, "content-type": "application/json" },
          body: JSON.stringify({ message: `call ${i}` }),
        }).then((res) => res.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });
});

/** Waits until the current one-minute window has at least 20 s left and started 1 s ago. */
async function startOfQuietWindow(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into >= 1_000 && into <= 40_000) return;
  const wait = into < 1_000 ? 1_000 - into : 61_000 - into;
  await new Promise((resolve) => setTimeout(resolve, wait));
}
