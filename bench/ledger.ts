// npm run bench:ledger — paid calls (usage transfers: customer → revenue shard) settled per second
// on the local PostgreSQL with 16 concurrent workers, then the reconciliation check. Runs once
// through the path paid API calls take (the ledger's `charge`: group-committed), once with one transfer per
// statement and system_revenue sharded (the design), and once with a single revenue account (the
// hot row it avoids). Creates and drops its own database; bounded in time; 127.0.0.1 only.
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import postgres from "postgres";

const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const ORGS = 64;
const database = `brikk_bench_ledger_${randomBytes(4).toString("hex")}`;

process.env.DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.BRIKK_API_KEY_PEPPER ??= randomBytes(32).toString("base64");
process.env.BRIKK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.LOG_LEVEL = "warn";
// One connection per worker.
process.env.BRIKK_DB_POOL_MAX ??= String(WORKERS);

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  // Imported after DATABASE_URL is set: the app reads its environment once.
  const { organizations } = await import("@/db/schema");
  const { closeDb, ensureSystemRecords, getDb } = await import("@/server/platform/db");
  const { resetEnvForTests } = await import("@/server/platform/env");
  const { customerAccountId, ensureOrgAccounts, pickRevenueShard } = await import("@/server/ledger/accounts");
  const { grantCredits } = await import("@/server/ledger/grants");
  const { GrantCreditsInput } = await import("@/server/ledger/schemas");
  const { postTransfer } = await import("@/server/ledger/transfer");
  const { charge } = await import("@/server/ledger/charge");
  const { reconcileLedger } = await import("@/server/ledger/reconcile");
  try {
    const db = await getDb();
    const orgIds: string[] = [];
    for (let i = 0; i < ORGS; i++) {
      const [org] = await db
        .insert(organizations)
        .values({ name: `Bench ${i}`, slug: `bench-${i}-${randomBytes(3).toString("hex")}` })
        .returning({ id: organizations.id });
      if (!org) throw new Error("org insert failed");
      await ensureOrgAccounts(db, org.id);
      await grantCredits({
        ctx: { db, actor: { type: "system" } },
        input: GrantCreditsInput.parse({
          org_id: org.id,
          credits: "10000000",
          reference: `bench-${org.id}`,
          reason: "bench",
        }),
      });
      orgIds.push(org.id);
    }

    type Post = (id: string, orgId: string, amount: bigint) => Promise<unknown>;
    const onePerStatement: Post = (id, orgId, amount) =>
      postTransfer(db, {
        id,
        kind: "usage",
        orgId,
        entries: [
          { accountId: customerAccountId(orgId), amount: -amount },
          { accountId: pickRevenueShard(), amount },
        ],
      });
    // What a paid API call does after its handler ran (see server/ledger/charge.ts: `charge`).
    const paidCall: Post = (id, orgId, amount) =>
      charge({
        orgId,
        callId: id,
        route: "/api/v1/echo",
        price: { service: "api_call", bytes: 0, baseMicros: amount, dataMicros: 0n, totalMicros: amount },
      });

    async function run(label: string, shards: string, post: Post) {
      process.env.BRIKK_REVENUE_SHARDS = shards;
      resetEnvForTests();
      await ensureSystemRecords(db);
      const deadline = performance.now() + SECONDS * 1000;
      const latencies: number[] = [];
      let failures = 0;
      let seq = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          while (performance.now() < deadline) {
            const n = seq++;
            const orgId = orgIds[n % orgIds.length] ?? "";
            const amount = 1_000_000n + BigInt(n % 1000);
            const t0 = performance.now();
            try {
              await post(`bench:${label}:${worker}:${n}`, orgId, amount);
              latencies.push(performance.now() - t0);
            } catch (error) {
              failures++;
              if (failures < 3) console.error(error);
            }
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.floor((p / 100) * (latencies.length - 1))] ?? 0;
      console.info(
        `| ${label} | ${shards} | ${(latencies.length / elapsed).toFixed(0)} | ${pct(50).toFixed(2)} | ${pct(99).toFixed(2)} | ${failures} |`,
      );
    }

    console.info(
      `machine: ${cpus().length} vCPU (${cpus()[0]?.model}), Node ${process.version}, ${WORKERS} workers, ${SECONDS} s each`,
    );
    console.info("| design | revenue accounts | transfers/s | p50 ms | p99 ms | failures |");
    console.info("| --- | --- | --- | --- | --- | --- |");
    await run("paid calls (group commit), sharded", process.env.BENCH_SHARDS ?? "16", paidCall);
    await run("one transfer per statement, sharded", process.env.BENCH_SHARDS ?? "16", onePerStatement);
    await run("one transfer per statement, single revenue row", "1", onePerStatement);
    const report = await reconcileLedger(db);
    console.info(
      `reconciliation: ${report.ok ? "balanced" : "DRIFT"} — ${report.transfers} transfers, ${report.entries} entries, total ${report.totalMicros}, ${report.unbalancedTransfers.length} unbalanced, ${report.balanceMismatches.length} balance mismatches`,
    );
    if (!report.ok) process.exitCode = 1;
  } finally {
    await closeDb();
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

await main();
