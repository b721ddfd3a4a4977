import { asc, gt, inArray, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { agents, reputationEvidence } from "@/db/schema";
import type { ServiceContext } from "../context";
import { now } from "../platform/clock";
import { getEnv } from "../platform/env";
import { reputationSettings } from "./score";
import { decaySql, lockAgent, type ReputationSettings, refreshScores } from "./store";

// The nightly job: every agent's evidence rebuilt from its immutable events (so drift, a changed
// λ or a bug fixed in the incremental path heals by morning), its score recomputed, and the day's
// snapshot written. Batches of agents commit one by one, each holding those agents' locks, so live
// feedback waits a batch at most and is never lost: an event committed before the batch is in the
// rebuild, one written after it adds itself on top.

const BATCH = 500;

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/**
 * Rebuilds the batch's evidence from every event committed before its locks were taken, each
 * agent's decayed to the moment the batch runs (or its newest event's, should another instance's
 * clock run ahead), then its scores and the snapshot of `day`.
 */
async function recomputeBatch(tx: DbOrTx, ids: string[], day: string, settings: ReputationSettings) {
  for (const id of ids) await lockAgent(tx, id); // in id order, as the batch came: no deadlock
  const nowSql = sql`${now().toISOString()}::timestamptz`;
  const newest = sql`select agent_id, greatest(${nowSql}, max(created_at)) as at from reputation_events
    where agent_id in (${idList(ids)}) group by agent_id`;
  await tx.delete(reputationEvidence).where(inArray(reputationEvidence.agentId, ids));
  await tx.execute(sql`
    insert into reputation_evidence (agent_id, dimension, rater_org_id, internal, r, s, events, as_of)
    select e.agent_id, d.key::reputation_dimension, e.rater_org_id, bool_or(e.internal),
      sum(e.weight * (d.value->>'r')::float8 * f.decay), sum(e.weight * (d.value->>'s')::float8 * f.decay),
      count(*), n.at
    from reputation_events e
    join (${newest}) n on n.agent_id = e.agent_id
    cross join lateral jsonb_each(e.evidence) d
    cross join lateral (select ${decaySql(settings.lambda, sql`e.created_at`, sql`n.at`)} as decay) f
    group by e.agent_id, d.key, e.rater_org_id, n.at`);
  await tx.execute(sql`
    insert into reputation_counts (agent_id, external, internal)
    select agent_id, count(*) filter (where not internal), count(*) filter (where internal)
    from reputation_events where agent_id in (${idList(ids)}) group by agent_id
    on conflict (agent_id) do update set external = excluded.external, internal = excluded.internal`);
  const scored = rowsOf<{ agent_id: string; at: string | Date | null }>(
    await tx.execute(sql`
      select ids.agent_id, n.at from (
        select agent_id from reputation_evidence where agent_id in (${idList(ids)})
        union select agent_id from reputation_scores where agent_id in (${idList(ids)})
      ) ids left join (${newest}) n on n.agent_id = ids.agent_id`),
  );
  for (const { agent_id, at } of scored) {
    await refreshScores(tx, agent_id, at ? new Date(at) : now(), settings);
  }
  await tx.execute(sql`
    insert into reputation_snapshots (agent_id, dimension, day, mean, lower, upper, stars, evidence)
    select agent_id, dimension, ${day}::date, mean, lower, upper, stars, evidence
    from reputation_scores where agent_id in (${idList(ids)})
    on conflict (agent_id, dimension, day) do update set mean = excluded.mean, lower = excluded.lower,
      upper = excluded.upper, stars = excluded.stars, evidence = excluded.evidence`);
  return scored.length;
}

/** Recomputes the named agents now (an operator's repair, and the benchmark's check). */
export async function recomputeAgents({ ctx, ids }: { ctx: ServiceContext; ids: string[] }) {
  const sorted = [...new Set(ids)].sort();
  const day = now().toISOString().slice(0, 10);
  return ctx.db.transaction((tx) => recomputeBatch(tx, sorted, day, reputationSettings()));
}

export async function recomputeReputation({ ctx }: { ctx: ServiceContext }) {
  if (!getEnv().reputation.nightlyEnabled) {
    return { skipped: "NIGHTLY_REPUTATION_UPDATE_ENABLED is false" };
  }
  const startedAt = now();
  const day = startedAt.toISOString().slice(0, 10);
  const settings = reputationSettings();
  let after = "";
  let agentsScored = 0;
  let batches = 0;
  for (;;) {
    const page = await ctx.db
      .select({ id: agents.id })
      .from(agents)
      .where(gt(agents.id, after))
      .orderBy(asc(agents.id))
      .limit(BATCH);
    if (page.length === 0) break;
    const ids = page.map((row) => row.id);
    agentsScored += await ctx.db.transaction((tx) => recomputeBatch(tx, ids, day, settings));
    batches++;
    after = ids.at(-1) as string;
  }
  return { day, started_at: startedAt.toISOString(), agents_scored: agentsScored, batches };
}
