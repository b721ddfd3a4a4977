// npm run bench:reputation — the reputation system at scale on the local PostgreSQL: 10,000 public
// agents and 1,000,000 events, then (1) the nightly recompute over all of them, (2) leaderboard and
// (3) score reads (p50 / p95 of the service functions the routes call), and (4) feedback sustained
// on one agent from 100 concurrent writers, each a distinct established org with interactions of
// its own; its counts must be exact and its score equal a full recompute. Creates and drops its own
// database; bounded in time; 127.0.0.1 only.
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import postgres from "postgres";

const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const AGENTS = Number(process.env.BENCH_AGENTS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RATER_ORGS = 1_000;
const WRITERS = Number(process.env.BENCH_WRITERS ?? 100);
const FEEDBACK_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const READS = 1_000;
const database = `brikk_bench_rep_${randomBytes(4).toString("hex")}`;

process.env.DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.BRIKK_API_KEY_PEPPER ??= randomBytes(32).toString("base64");
process.env.BRIKK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.LOG_LEVEL = "warn";
process.env.BRIKK_DB_POOL_MAX ??= "60";
// Throughput, not the per-org limit (its own tests cover it), is what this measures.
process.env.BRIKK_RATE_LIMIT_ENABLED = "false";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  samples.push(performance.now() - t0);
  return result;
}

function summary(name: string, samples: number[], goal: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const p95 = percentile(sorted, 0.95);
  console.info(
    `${name}: p50 ${ms(percentile(sorted, 0.5))}, p95 ${ms(p95)} (goal < ${goal} ms) ${p95 < goal ? "ok" : "MISSED"}`,
  );
}

/** 1,000 established rater orgs (half paid), 100 owner orgs, public agents, and the events (SQL). */
async function seed(sql: postgres.Sql) {
  await sql`insert into organizations (id, name, slug, created_at)
    select 'org_bench_r' || g, 'Rater ' || g, 'rater-' || g, now() - interval '30 days'
    from generate_series(1, ${RATER_ORGS}) g`;
  await sql`insert into organizations (id, name, slug, created_at)
    select 'org_bench_o' || g, 'Owner ' || g, 'owner-' || g, now() - interval '90 days'
    from generate_series(1, 100) g`;
  await sql`insert into stripe_payments (id, org_id, payment_intent_id, amount, currency, credits, status, created_by)
    select 'pay_bench_' || g, 'org_bench_r' || g, 'pi_bench_' || g, 1000, 'usd', 1000, 'succeeded', 'bench'
    from generate_series(1, ${RATER_ORGS}, 2) g`;
  await sql`insert into agents (id, org_id, name, public)
    select 'agt_bench_' || lpad(g::text, 6, '0'), 'org_bench_o' || (g % 100 + 1), 'Agent ' || g, true
    from generate_series(1, ${AGENTS}) g`;
  // Each event: a random agent and rater, a 1–5 rating, weight by the rater's payment (odd raters
  // paid), its own interaction, at a random moment in the last 60 days.
  await sql`insert into reputation_events (id, agent_id, rater_org_id, internal, source, rating, evidence,
      weight, weight_reasons, interaction_id, day, created_at)
    select 'rep_bench_' || g, 'agt_bench_' || lpad((1 + (g::bigint * 7919) % ${AGENTS})::text, 6, '0'),
      'org_bench_r' || rater, false, 'feedback', rating,
      jsonb_build_object('overall', jsonb_build_object('r', (rating - 1) / 4.0, 's', 1 - (rating - 1) / 4.0)),
      case when rater % 2 = 1 then 2 else 0.4 end,
      case when rater % 2 = 1 then '{paid_topup,interaction}'::text[] else '{no_paid_topup,interaction}'::text[] end,
      'ixn_bench_' || g, (at at time zone 'UTC')::date, at
    from (
      select g, 1 + (g::bigint * 104729) % ${RATER_ORGS} as rater, 1 + (g * 31) % 5 as rating,
        now() - (random() * interval '60 days') as at
      from generate_series(1, ${EVENTS}) g
    ) e`;
  await sql`analyze`;
}

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  const { closeDb, getDb } = await import("@/server/platform/db");
  const { recomputeReputation, recomputeAgents } = await import("@/server/reputation/recompute");
  const { leaderboard } = await import("@/server/reputation/leaderboard");
  const { getScore } = await import("@/server/reputation/score");
  const { recordFeedback } = await import("@/server/reputation/service");
  const { recordInteraction } = await import("@/server/reputation/weight");
  const { LeaderboardInput } = await import("@/server/reputation/schemas");
  const { reputationScores } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  const direct = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
  try {
    const db = await getDb();
    console.info(`machine: ${cpus().length} vCPU (${cpus()[0]?.model}), Node ${process.version}`);
    let t0 = performance.now();
    await seed(direct);
    console.info(
      `seeded ${AGENTS} agents, ${EVENTS} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    t0 = performance.now();
    const result = await recomputeReputation({ ctx: { db, actor: { type: "system" } } });
    const recomputeS = (performance.now() - t0) / 1000;
    console.info(
      `nightly recompute: ${recomputeS.toFixed(1)} s for ${JSON.stringify(result)} (goal < 60 s) ${recomputeS < 60 ? "ok" : "MISSED"}`,
    );

    const viewer = {
      db,
      actor: { type: "system" as const },
      org: { id: "org_bench_r1", name: "Rater 1", slug: "rater-1", personal: false },
      role: "member" as const,
    };
    const board: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 200; i++) {
      // Walk ten pages deep, then start over: first pages and keyset pages alike.
      const page = await timed(board, () =>
        leaderboard({
          ctx: viewer,
          input: LeaderboardInput.parse({ limit: 20, cursor, min_evidence: i % 2 ? 5 : 0 }),
        }),
      );
      cursor = i % 10 === 9 ? undefined : (page.next_cursor ?? undefined);
    }
    summary("leaderboard (20 rows)", board, 50);
    const reads: number[] = [];
    for (let i = 0; i < READS; i++) {
      const agentId = `agt_bench_${String(1 + ((i * 7907) % AGENTS)).padStart(6, "0")}`;
      await timed(reads, () => getScore({ ctx: viewer, input: { agent_id: agentId } }));
    }
    summary("score read", reads, 10);

    // Feedback: one fresh agent, WRITERS orgs hammering it, each naming its own interactions.
    const target = "agt_bench_target";
    await direct`insert into agents (id, org_id, name, public) values (${target}, 'org_bench_o1', 'Target', true)`;
    const writers = Array.from({ length: WRITERS }, (_, i) => ({
      ...viewer,
      org: { id: `org_bench_r${i + 1}`, name: `Rater ${i + 1}`, slug: `rater-${i + 1}`, personal: false },
    }));
    const interactions = new Map<string, string[]>();
    for (const writer of writers) {
      const ids = [];
      for (let k = 0; k < 60 * FEEDBACK_SECONDS; k++) {
        ids.push(await recordInteraction(db, { orgId: writer.org.id, agentId: target, kind: "bench" }));
      }
      interactions.set(writer.org.id, ids);
    }
    let written = 0;
    let failed = 0;
    const deadline = performance.now() + FEEDBACK_SECONDS * 1000;
    t0 = performance.now();
    await Promise.all(
      writers.map(async (writer) => {
        for (const interaction of interactions.get(writer.org.id) ?? []) {
          if (performance.now() > deadline) return;
          try {
            await recordFeedback({
              ctx: writer,
              input: { agent_id: target, rating: 1 + (written % 5), interaction_id: interaction },
            });
            written++;
          } catch (error) {
            failed++;
            if (failed < 3) console.error(error);
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const rate = written / seconds;
    console.info(
      `feedback on one agent, ${WRITERS} writers: ${written} in ${seconds.toFixed(1)} s = ${rate.toFixed(0)}/s (goal ≥ 500/s) ${rate >= 500 ? "ok" : "MISSED"}, ${failed} failed`,
    );
    const [counted] =
      await direct`select count(*)::int as n from reputation_events where agent_id = ${target}`;
    const live = await db.select().from(reputationScores).where(eq(reputationScores.agentId, target));
    await recomputeAgents({ ctx: { db, actor: { type: "system" } }, ids: [target] });
    const rebuilt = await db.select().from(reputationScores).where(eq(reputationScores.agentId, target));
    const overall = (rows: typeof live) => rows.find((row) => row.dimension === "overall");
    const [before, after] = [overall(live), overall(rebuilt)];
    // The recompute ran a moment later: decay the live evidence to its moment, then compare.
    const days = ((after?.asOf.getTime() ?? 0) - (before?.asOf.getTime() ?? 0)) / 86_400_000;
    const expected = (before?.evidence ?? 0) * 0.95 ** days;
    const drift = Math.abs(expected - (after?.evidence ?? 0)) / Math.max(1, expected);
    console.info(
      `counts: ${counted?.n} events stored for ${written} accepted (${counted?.n === written ? "exact" : "MISMATCH"}); ` +
        `overall evidence live ${before?.evidence.toFixed(6)} (decayed to the recompute: ${expected.toFixed(6)}) vs recomputed ${after?.evidence.toFixed(6)}: ` +
        `relative difference ${drift.toExponential(2)} (${drift < 1e-9 ? "equal within 1e-9" : "DIFFERENT"})`,
    );
  } finally {
    await direct.end();
    await closeDb();
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
