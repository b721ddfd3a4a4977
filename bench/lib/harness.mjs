// What every benchmark that runs Brikk's production server shares: a free port, CPU accounting
// from /proc, a throwaway PostgreSQL database and Redis prefix, the server started with the demo
// organization seeded, and a signed-in session to create agents with. Everything targets 127.0.0.1.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import IORedis from "ioredis";
import postgres from "postgres";

const CLOCK_TICKS = 100; // USER_HZ on Linux
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU seconds used so far by a process and its descendants. */
export function treeCpuSeconds(pid) {
  let ticks = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      for (const child of children) ticks += treeCpuSeconds(Number(child)) * CLOCK_TICKS;
    }
  } catch {
    return ticks / CLOCK_TICKS;
  }
  return ticks / CLOCK_TICKS;
}

/** CPU seconds of every process with one of these names (PostgreSQL backends, Redis). */
export function cpuSecondsOf(names) {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!names.some((n) => name.startsWith(n))) continue;
      const fields = stat.split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks / CLOCK_TICKS;
}

export async function waitUntilOk(url, what) {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (i > 600) throw new Error(`${what} did not become healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(base, email, password) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return session.split(";")[0];
}

/**
 * `npm start`'s server (needs `npm run build`) on a fresh PostgreSQL database and Redis prefix, with the
 * demo organization seeded and `env` on top. Returns the server, an agent key of the demo org, and
 * `stop()`, which also drops the database and the Redis keys.
 */
export async function startBrikk(env = {}) {
  const database = `brikk_bench_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `brikk-bench:${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const email = "bench@brikk.local";
  const password = "bench password 123";
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(
    process.execPath,
    [...nodeArgs, ".next/brikk/server.mjs", "-H", "127.0.0.1", "-p", String(port)],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`),
        REDIS_URL,
        BRIKK_REDIS_PREFIX: redisPrefix,
        AUTH_SECRET: randomBytes(32).toString("base64"),
        AUTH_URL: base,
        AUTH_TRUST_HOST: "true",
        BRIKK_API_KEY_PEPPER: randomBytes(32).toString("base64"),
        BRIKK_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        BRIKK_SEED_DEMO: "true",
        BRIKK_DEMO_EMAIL: email,
        BRIKK_DEMO_PASSWORD: password,
        // Every call is paid: the org starts with enough credits for the whole run.
        BRIKK_SIGNUP_CREDITS: "10000000",
        BRIKK_JOBS_IN_PROCESS: "false",
        LOG_LEVEL: "info",
        ...env,
      },
      // The access log is written (a pipeline stage) but not kept.
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  };
  try {
    await waitUntilOk(`${base}/api/v1/coordination/health`, "Brikk");
    const cookie = await signIn(base, email, password);
    const created = await fetch(`${base}/api/v1/agents`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/json" },
      body: JSON.stringify({ name: "Bench" }),
    });
    const key = (await created.json()).api_key.secret;
    return { server, port, base, key, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Sums `stage;dur=ms` entries of a Server-Timing header into `stages`. */
export function addServerTiming(stages, header) {
  for (const part of (header ?? "").split(",")) {
    const match = /^\s*(\w+);dur=([\d.]+)/.exec(part);
    if (match) stages.set(match[1], (stages.get(match[1]) ?? 0) + Number(match[2]));
  }
}

export function machineLine() {
  return import("node:os").then(
    ({ cpus }) => `machine: ${cpus().length} vCPU (${cpus()[0]?.model}), Node ${process.version}`,
  );
}
