#!/usr/bin/env node
// npm run bench:echo — throughput of POST /api/v1/echo through the whole pipeline (API key auth,
// Redis rate limit raised out of the way, a unique Idempotency-Key per request, validation, the
// MessageLog row, the access log) against a bare Next route returning the same JSON, in one run
// of one production server on PostgreSQL + Redis. Reports req/s, p50/p99, CPU per request and the
// mean duration of each pipeline stage (from the Server-Timing header). Needs `npm run build`,
// PostgreSQL and Redis on 127.0.0.1; targets 127.0.0.1 only, is bounded in time, stops by itself.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { addServerTiming, cpuSecondsOf, machineLine, startBrikk, treeCpuSeconds } from "./lib/harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ONLY = process.env.BENCH_ONLY; // "bare" | "pipeline": profile one side alone
const body = JSON.stringify({ message: "hello from the benchmark" });

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
      addServerTiming(stages, res.timing);
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

async function main() {
  const { server, port, key, stop } = await startBrikk({
    BRIKK_RATE_LIMIT_ECHO: "100000000",
    BRIKK_BENCH_ROUTES: "true",
  });
  try {
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
    console.info(await machineLine());
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
    agent.destroy();
    await stop();
  }
}

await main();
