#!/usr/bin/env node
// npm run bench:echo — throughput of POST /api/v1/echo through the whole pipeline (API key auth,
// Redis rate limit raised out of the way, a unique Idempotency-Key per request, validation, the
// MessageLog row, the access log) against a bare Next route returning the same JSON, in one run
// of one production server on PostgreSQL + Redis. Reports req/s, p50/p99, CPU per request and the
// mean duration of each pipeline stage (from the Server-Timing header). Needs `npm run build`,
// PostgreSQL and Redis on 127.0.0.1; targets 127.0.0.1 only, is bounded in time, stops by itself.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { cpus } from "node:os";
import IORedis from "ioredis";
import postgres from "postgres";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ONLY = process.env.BENCH_ONLY; // "bare" | "pipeline": profile one side alone
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const CLOCK_TICKS = 100; // USER_HZ on Linux
const database = `brikk_bench_${randomBytes(4).toString("hex")}`;
const redisPrefix = `brikk-bench:${randomBytes(4).toString("hex")}`;
const body = JSON.stringify({ message: "hello from the benchmark" });

function freePort() {
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
function treeCpuSeconds(pid) {
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
function cpuSecondsOf(names) {
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

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(port, path, headers) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            ms: performance.now() - started,
            timing: res.headers["server-timing"],
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function load(port, path, headersFor, seconds, concurrency = CONCURRENCY) {
  const deadline = performance.now() + seconds * 1000;
  const latencies = [];
  const stages = new Map();
  let errors = 0;
  const worker = async (id) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const res = await send(port, path, headersFor(id, n));
      latencies.push(res.ms);
      if (res.status !== 200) errors++;
      for (const part of (res.timing ?? "").split(",")) {
        const match = /^\s*(\w+);dur=([\d.]+)/.exec(part);
        if (match) stages.set(match[1], (stages.get(match[1]) ?? 0) + Number(match[2]));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { count: latencies.length, errors, p50: pct(50), p99: pct(99), stages };
}

async function measure(server, port, path, headersFor) {
  const appBefore = treeCpuSeconds(server.pid);
  const backingBefore = cpuSecondsOf(["postgres", "redis-server"]);
  const started = performance.now();
  const result = await load(port, path, headersFor, SECONDS);
  const elapsed = (performance.now() - started) / 1000;
  return {
    ...result,
    rps: result.count / elapsed,
    appCpuMs: ((treeCpuSeconds(server.pid) - appBefore) * 1000) / result.count,
    backingCpuMs: ((cpuSecondsOf(["postgres", "redis-server"]) - backingBefore) * 1000) / result.count,
  };
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

async function main() {
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
    [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
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
        BRIKK_RATE_LIMIT_ECHO: "100000000",
        // Every call is paid: the org starts with enough credits for the whole run.
        BRIKK_SIGNUP_CREDITS: "10000000",
        BRIKK_BENCH_ROUTES: "true",
        BRIKK_JOBS_IN_PROCESS: "false",
        LOG_LEVEL: "info",
      },
      // The access log is written (a pipeline stage) but not kept.
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/v1/coordination/health`)).ok) break;
      } catch {}
      if (i > 600) throw new Error("server did not become healthy");
      await new Promise((r) => setTimeout(r, 100));
    }
    const cookie = await signIn(base, email, password);
    const created = await fetch(`${base}/api/v1/agents`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/json" },
      body: JSON.stringify({ name: "Bench" }),
    });
    const key = (await created.json()).api_key.secret;
    const runId = randomBytes(3).toString("hex");
    const pipelineHeaders = (id, n) => ({
      authorization: `Bearer ${key}`,
      "idempotency-key": `${runId}-${id}-${n}`,
    });
    const bareHeaders = () => ({});

    // Warm-up: JIT, connection pools, key cache.
    if (ONLY !== "pipeline") await load(port, "/api/bench/echo", bareHeaders, 3);
    if (ONLY !== "bare") await load(port, "/api/v1/echo", (id, n) => pipelineHeaders(`warm${id}`, n), 3);

    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bare = ONLY === "pipeline" ? null : await measure(server, port, "/api/bench/echo", bareHeaders);
      const pipeline =
        ONLY === "bare"
          ? null
          : await measure(server, port, "/api/v1/echo", (id, n) => pipelineHeaders(`${round}-${id}`, n));
      if (!bare || !pipeline) {
        console.info(
          JSON.stringify({ ...(bare ?? pipeline), stages: Object.fromEntries((bare ?? pipeline).stages) }),
        );
        continue;
      }
      rounds.push({ bare, pipeline });
    }
    if (rounds.length === 0) return;
    const mean = (pick) => rounds.reduce((sum, r) => sum + pick(r), 0) / rounds.length;
    const bareRps = mean((r) => r.bare.rps);
    const pipeRps = mean((r) => r.pipeline.rps);
    const fmt = (n, d = 1) => n.toFixed(d);
    console.info(`machine: ${cpus().length} vCPU (${cpus()[0]?.model}), Node ${process.version}`);
    console.info(
      `load: ${CONCURRENCY} concurrent keep-alive connections, ${SECONDS} s per run, ${ROUNDS} rounds`,
    );
    console.info("| route | req/s | p50 ms | p99 ms | app CPU ms/req | PG+Redis CPU ms/req | errors |");
    console.info("| --- | --- | --- | --- | --- | --- | --- |");
    for (const [label, pick] of [
      ["bare Next route", (r) => r.bare],
      ["POST /api/v1/echo", (r) => r.pipeline],
    ]) {
      console.info(
        `| ${label} | ${fmt(
          mean((r) => pick(r).rps),
          0,
        )} | ${fmt(
          mean((r) => pick(r).p50),
          2,
        )} | ${fmt(
          mean((r) => pick(r).p99),
          2,
        )} | ${fmt(
          mean((r) => pick(r).appCpuMs),
          2,
        )} | ${fmt(
          mean((r) => pick(r).backingCpuMs),
          2,
        )} | ${rounds.reduce((s, r) => s + pick(r).errors, 0)} |`,
      );
    }
    console.info(
      `pipeline keeps ${fmt((pipeRps / bareRps) * 100)}% of the bare route's throughput (target ≥ 75%)`,
    );
    const stageLine = (stages, count) =>
      [...stages].map(([stage, ms]) => `${stage} ${fmt(ms / count, 3)} ms`).join(", ");
    const loaded = new Map();
    let loadedCount = 0;
    for (const { pipeline } of rounds) {
      loadedCount += pipeline.count;
      for (const [stage, ms] of pipeline.stages) loaded.set(stage, (loaded.get(stage) ?? 0) + ms);
    }
    console.info(`stage durations under load (include queueing): ${stageLine(loaded, loadedCount)}`);
    // One connection: what each stage costs when nothing waits in line.
    const alone = await load(port, "/api/v1/echo", (id, n) => pipelineHeaders(`alone${id}`, n), 5, 1);
    console.info(
      `stage costs unloaded (1 connection, p50 ${fmt(alone.p50, 2)} ms): ${stageLine(alone.stages, alone.count)}`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    agent.destroy();
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
  }
}

await main();
