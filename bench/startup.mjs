#!/usr/bin/env node
// npm run bench:startup — time to first healthy response and resident memory at idle for the
// production build in embedded mode: a cold start (empty data dir: initdb + migrations + seed)
// and a warm restart. Needs `npm run build` first. Targets 127.0.0.1 only and stops by itself.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const PORT = 3199;
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 15);
const dataDir = mkdtempSync(path.join(tmpdir(), "brikk-bench-"));

function rssMb(pid) {
  // Sum the whole process tree (Next may fork workers).
  const children = (() => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  })();
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  return own + children.reduce((sum, child) => sum + rssMb(Number(child)), 0);
}

async function waitHealthy(deadlineMs) {
  const started = performance.now();
  while (performance.now() - started < deadlineMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/coordination/health`);
      if (res.ok) return performance.now() - started;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("server did not become healthy in time");
}

async function run(label) {
  const child = spawn(process.execPath, [".next/brikk/server.mjs", "-H", "127.0.0.1", "-p", String(PORT)], {
    env: { ...process.env, BRIKK_DATA_DIR: dataDir, LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: "ignore",
  });
  try {
    const readyMs = await waitHealthy(60_000);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idle = rssMb(child.pid);
    console.info(
      `${label.padEnd(14)} healthy after ${readyMs.toFixed(0).padStart(5)} ms   idle RSS ${idle.toFixed(0)} MB`,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

try {
  await run("cold start");
  await run("warm restart");
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
