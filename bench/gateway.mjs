#!/usr/bin/env node
// npm run bench:gateway — Brikk's /api/v1/chat/completions against the Portkey open-source
// gateway (the peer anchor) and the upstream called directly, in one run, against one fake
// OpenAI-compatible upstream that answers at once. Brikk runs with every policy on: API key auth,
// the Redis rate limiter (limit raised out of the way, still consulted), the key's daily budget
// hold, the credits reservation and settlement in the ledger, usage metering. Portkey passes
// through (x-portkey-provider: openai, x-portkey-custom-host: the fake upstream).
//
// Reports, per target: saturated throughput at 50 keep-alive connections (closed loop); p50/p99
// at a fixed 200 req/s (open loop: latency counted from each request's scheduled send time, so a
// slow server cannot slow the generator down and hide its queue); streamed time to first byte;
// CPU per request; and Brikk's per-stage cost from its Server-Timing header.
//
// Needs `npm run build`, PostgreSQL and Redis on 127.0.0.1. Everything listens on and targets
// 127.0.0.1 only (Portkey is forced there by a preload); the run is bounded and stops by itself.
import { spawn } from "node:child_process";
import { Pool } from "undici";
import {
  addServerTiming,
  cpuSecondsOf,
  freePort,
  machineLine,
  startBrikk,
  treeCpuSeconds,
  waitUntilOk,
} from "./lib/harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const TTFB_REQUESTS = Number(process.env.BENCH_TTFB_REQUESTS ?? 300);
const BACKING = ["postgres", "redis-server"];

const messages = [{ role: "user", content: "Say hello to the benchmark in five words." }];

function spawnNode(args, what) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  child.once("exit", (code) => {
    if (code !== null && code !== 0) console.error(`${what} exited with ${code}`);
  });
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

/** One chat completion; resolves with status, total ms, time to the first body byte, timing. */
async function send(pool, target, { stream = false, extraHeaders = {} } = {}) {
  const started = performance.now();
  const res = await pool.request({
    path: target.path,
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers, ...extraHeaders },
    body: JSON.stringify({ model: target.model, messages, max_tokens: 64, stream }),
  });
  let firstByteMs = null;
  for await (const _chunk of res.body) firstByteMs ??= performance.now() - started;
  return {
    status: res.statusCode,
    ms: performance.now() - started,
    firstByteMs,
    timing: res.headers["server-timing"],
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(latencies, errors, stages, elapsedS) {
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    rps: latencies.length / elapsedS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    stages,
  };
}

/** CPU ms per request of the target's own processes (and of PostgreSQL + Redis for Brikk). */
async function withCpu(target, run) {
  const before = target.pids.map(treeCpuSeconds).reduce((a, b) => a + b, 0);
  const backingBefore = cpuSecondsOf(BACKING);
  const result = await run();
  const after = target.pids.map(treeCpuSeconds).reduce((a, b) => a + b, 0);
  return {
    ...result,
    cpuMs: ((after - before) * 1000) / result.count,
    backingCpuMs: ((cpuSecondsOf(BACKING) - backingBefore) * 1000) / result.count,
  };
}

/** Closed loop: `connections` callers, each sending its next request when the last one ends. */
async function saturate(target, seconds, connections, extraHeaders) {
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  const latencies = [];
  const stages = new Map();
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const caller = async (id) => {
    for (let n = 0; performance.now() < deadline; n++) {
      try {
        const res = await send(pool, target, { extraHeaders: extraHeaders?.(id, n) });
        latencies.push(res.ms);
        if (res.status !== 200) errors++;
        addServerTiming(stages, res.timing);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, id) => caller(id)));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return summarise(latencies, errors, stages, elapsed);
}

/** Open loop: one request every 1/rate s whatever happens; latency from the scheduled send time. */
async function fixedRate(target, seconds, rate) {
  const pool = new Pool(target.origin, { connections: 512, pipelining: 1 });
  const total = Math.round(seconds * rate);
  const interval = 1000 / rate;
  const latencies = [];
  const stages = new Map();
  let errors = 0;
  const inFlight = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send(pool, target)
        .then((res) => {
          latencies.push(performance.now() - due);
          if (res.status !== 200) errors++;
          addServerTiming(stages, res.timing);
        })
        .catch(() => errors++),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return summarise(latencies, errors, stages, elapsed);
}

/** One connection, streamed calls one after another: time until the first byte of the body. */
async function streamedFirstByte(target, requests) {
  const pool = new Pool(target.origin, { connections: 1 });
  const firstBytes = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const res = await send(pool, target, { stream: true });
    if (res.status !== 200 || res.firstByteMs === null) errors++;
    else firstBytes.push(res.firstByteMs);
  }
  await pool.close();
  return summarise(firstBytes, errors, new Map(), (performance.now() - started) / 1000);
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

function table(title, header, rows) {
  console.info(`\n${title}`);
  console.info(`| ${header.join(" | ")} |`);
  console.info(`| ${header.map(() => "---").join(" | ")} |`);
  for (const row of rows) console.info(`| ${row.join(" | ")} |`);
}

function stageLine(stages, count) {
  return [...stages].map(([stage, ms]) => `${stage} ${fmt(ms / count, 3)} ms`).join(", ");
}

async function main() {
  const upstreamPort = await freePort();
  const portkeyPort = await freePort();
  const upstream = spawnNode(["bench/lib/fake-upstream.mjs", String(upstreamPort)], "fake upstream");
  const portkey = spawnNode(
    [
      "--import",
      "./bench/lib/listen-localhost.mjs",
      "node_modules/@portkey-ai/gateway/build/start-server.js",
      `--port=${portkeyPort}`,
      "--headless",
    ],
    "Portkey",
  );
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}/v1`;
  let brikk = null;
  try {
    brikk = await startBrikk({
      OPENAI_API_KEY: "sk-bench",
      OPENAI_BASE_URL: upstreamUrl,
      // The limiter is consulted on every call (Redis), with a limit the run cannot reach.
      BRIKK_RATE_LIMIT_PER_MIN: "100000000",
      // The key's daily budget is held and settled on every call (a cap the run cannot reach).
      BRIKK_DEFAULT_SOFT_CAP_USD: "900000.00",
      BRIKK_DEFAULT_HARD_CAP_USD: "1000000.00",
      PROVIDER_MAX_RETRIES: "0",
    });
    await waitUntilOk(`${upstreamUrl}/models`, "fake upstream");
    await waitUntilOk(`http://127.0.0.1:${portkeyPort}/`, "Portkey");

    const targets = [
      {
        name: "upstream direct",
        origin: `http://127.0.0.1:${upstreamPort}`,
        path: "/v1/chat/completions",
        headers: { authorization: "Bearer sk-bench" },
        model: "gpt-4o-mini",
        pids: [upstream.pid],
      },
      {
        name: "Portkey gateway 1.15.2",
        origin: `http://127.0.0.1:${portkeyPort}`,
        path: "/v1/chat/completions",
        headers: {
          authorization: "Bearer sk-bench",
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": upstreamUrl,
        },
        model: "gpt-4o-mini",
        pids: [portkey.pid],
      },
      {
        name: "Brikk, every policy",
        origin: brikk.base,
        path: "/api/v1/chat/completions",
        headers: { authorization: `Bearer ${brikk.key}` },
        model: "openai/gpt-4o-mini",
        pids: [brikk.server.pid],
      },
    ];
    for (const target of targets) {
      const pool = new Pool(target.origin);
      const check = await send(pool, target);
      await pool.close();
      if (check.status !== 200) throw new Error(`${target.name} answered ${check.status}`);
    }
    // Warm-up: JIT, pools, caches.
    for (const target of targets) await saturate(target, 3, CONNECTIONS);

    const saturated = new Map(targets.map((t) => [t.name, []]));
    const paced = new Map(targets.map((t) => [t.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        saturated.get(target.name).push(await withCpu(target, () => saturate(target, SECONDS, CONNECTIONS)));
      }
      for (const target of targets) {
        paced.get(target.name).push(await withCpu(target, () => fixedRate(target, SECONDS, RATE)));
      }
    }
    const firstByte = new Map();
    for (const target of targets) firstByte.set(target.name, await streamedFirstByte(target, TTFB_REQUESTS));
    // Brikk alone, one connection: what each stage costs when nothing waits in line.
    const brikkTarget = targets[2];
    const alone = await saturate(brikkTarget, 5, 1);

    console.info(await machineLine());
    console.info(
      `${ROUNDS} rounds of ${SECONDS} s per target and mode; non-streamed calls with max_tokens 64; ` +
        "the fake upstream answers at once",
    );
    const avg = (runs, pick) => mean(runs.map(pick));
    const sumErrors = (runs) => runs.reduce((s, r) => s + r.errors, 0);
    table(
      `Saturated, ${CONNECTIONS} keep-alive connections (closed loop)`,
      ["target", "req/s", "p50 ms", "p99 ms", "gateway CPU ms/req", "PG+Redis CPU ms/req", "errors"],
      targets.map(({ name }) => {
        const runs = saturated.get(name);
        return [
          name,
          fmt(
            avg(runs, (r) => r.rps),
            0,
          ),
          fmt(
            avg(runs, (r) => r.p50),
            2,
          ),
          fmt(
            avg(runs, (r) => r.p99),
            2,
          ),
          fmt(
            avg(runs, (r) => r.cpuMs),
            3,
          ),
          fmt(
            avg(runs, (r) => r.backingCpuMs),
            3,
          ),
          sumErrors(runs),
        ];
      }),
    );
    const directP50 = avg(paced.get(targets[0].name), (r) => r.p50);
    table(
      `Fixed ${RATE} req/s (open loop, latency from the scheduled send time)`,
      ["target", "achieved req/s", "p50 ms", "p99 ms", "p50 overhead vs direct ms", "errors"],
      targets.map(({ name }) => {
        const runs = paced.get(name);
        const p50 = avg(runs, (r) => r.p50);
        return [
          name,
          fmt(
            avg(runs, (r) => r.rps),
            0,
          ),
          fmt(p50, 2),
          fmt(
            avg(runs, (r) => r.p99),
            2,
          ),
          fmt(p50 - directP50, 2),
          sumErrors(runs),
        ];
      }),
    );
    const directTtfb = firstByte.get(targets[0].name).p50;
    table(
      `Streamed, time to first byte (one connection, ${TTFB_REQUESTS} calls each)`,
      ["target", "p50 ms", "p99 ms", "p50 overhead vs direct ms", "errors"],
      targets.map(({ name }) => {
        const r = firstByte.get(name);
        return [name, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.p50 - directTtfb, 2), r.errors];
      }),
    );

    const rps = (i) => avg(saturated.get(targets[i].name), (r) => r.rps);
    const overhead = (i) => avg(paced.get(targets[i].name), (r) => r.p50) - directP50;
    const ttfbOverhead = (i) => firstByte.get(targets[i].name).p50 - directTtfb;
    console.info(
      `\nBrikk / Portkey: throughput ${fmt(rps(2) / rps(1), 2)}× (required ≥ 1.0×, target 1.2×); ` +
        `p50 overhead at ${RATE} req/s ${fmt(overhead(2), 2)} ms vs ${fmt(overhead(1), 2)} ms; ` +
        `streamed TTFB overhead ${fmt(ttfbOverhead(2), 2)} ms vs ${fmt(ttfbOverhead(1), 2)} ms`,
    );
    const pacedStages = new Map();
    let pacedCount = 0;
    for (const run of paced.get(brikkTarget.name)) {
      pacedCount += run.count;
      for (const [stage, ms] of run.stages) pacedStages.set(stage, (pacedStages.get(stage) ?? 0) + ms);
    }
    console.info(`Brikk stages at ${RATE} req/s: ${stageLine(pacedStages, pacedCount)}`);
    console.info(
      `Brikk stages unloaded (1 connection, p50 ${fmt(alone.p50, 2)} ms): ${stageLine(alone.stages, alone.count)}`,
    );
  } finally {
    await Promise.all([stopChild(upstream), stopChild(portkey), brikk?.stop()]);
  }
}

await main();
