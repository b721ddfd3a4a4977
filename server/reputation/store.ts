import { and, eq, inArray, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import {
  type EventEvidence,
  type ReputationDimension,
  type ReputationScoreRow,
  reputationScores,
} from "@/db/schema";
import { type Dimension, scoreOf, sumWithShareCapFromTop, topRatersNeeded } from "./model";

// Where the model meets the tables: evidence per (agent, dimension, rater) kept decayed, and the
// agent's public score per dimension recomputed from it. Every writer of an agent's evidence holds
// that agent's lock (lockAgent) for the rest of its transaction, so the last writer's score always
// rests on all committed evidence and the nightly rebuild never races a live event.

export type ReputationSettings = {
  lambda: number;
  maxRaterShare: number;
  shareCapMinRaters: number;
};

const DAY_SECONDS = 86_400;

/** Serialises every write to one agent's reputation, until the transaction ends. */
export async function lockAgent(tx: DbOrTx, agentId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`brikk-reputation:${agentId}`}, 0))`);
}

/** λ^(days from `from` to `to`), in SQL; never more than 1 (evidence only fades). */
export const decaySql = (lambda: number, from: unknown, to: unknown) =>
  sql`power(${lambda}::float8, greatest(0, extract(epoch from (${to} - ${from}))::float8) / ${DAY_SECONDS})`;

type EvidenceIncrement = {
  agentId: string;
  raterOrgId: string;
  internal: boolean;
  evidence: EventEvidence;
  weight: number;
  at: Date;
};

/**
 * Adds events' weighted evidence to their raters' rows, as addEvidence does: decay the stored
 * evidence to the later of the two moments, then add (a late event is decayed to the row's moment).
 * One row per (agent, dimension, rater) at most: a statement cannot update a row twice.
 */
export async function addEventsEvidence(
  tx: DbOrTx,
  events: EvidenceIncrement[],
  lambda: number,
): Promise<void> {
  const values = events.flatMap((event) =>
    (Object.entries(event.evidence) as [ReputationDimension, { r: number; s: number }][]).map(
      ([dimension, e]) =>
        sql`(${event.agentId}, ${dimension}::reputation_dimension, ${event.raterOrgId}, ${event.internal}, ${e.r * event.weight}::float8, ${e.s * event.weight}::float8, 1, ${event.at.toISOString()}::timestamptz)`,
    ),
  );
  if (values.length === 0) return;
  const stored = sql.raw("reputation_evidence");
  const incoming = sql.raw("excluded");
  const toNew = decaySql(lambda, sql`${stored}.as_of`, sql`${incoming}.as_of`);
  const toOld = decaySql(lambda, sql`${incoming}.as_of`, sql`${stored}.as_of`);
  await tx.execute(sql`
    insert into reputation_evidence (agent_id, dimension, rater_org_id, internal, r, s, events, as_of)
    values ${sql.join(values, sql`, `)}
    on conflict (agent_id, dimension, rater_org_id) do update set
      r = case when ${incoming}.as_of >= ${stored}.as_of
        then ${stored}.r * ${toNew} + ${incoming}.r else ${stored}.r + ${incoming}.r * ${toOld} end,
      s = case when ${incoming}.as_of >= ${stored}.as_of
        then ${stored}.s * ${toNew} + ${incoming}.s else ${stored}.s + ${incoming}.s * ${toOld} end,
      events = ${stored}.events + 1,
      as_of = greatest(${stored}.as_of, ${incoming}.as_of)`);
}

/** One event's evidence (see addEventsEvidence). */
export function addEventEvidence(tx: DbOrTx, event: EvidenceIncrement, lambda: number): Promise<void> {
  return addEventsEvidence(tx, [event], lambda);
}

type TopRow = {
  dimension: Dimension;
  r: number;
  s: number;
  raters: number;
  total_r: number;
  total_s: number;
};

/**
 * The agent's public score per dimension as of `at`: external raters' evidence decayed to `at`,
 * one rater's share capped, from the totals and the largest raters SQL hands back.
 */
export async function computeScores(
  tx: DbOrTx,
  agentId: string,
  at: Date,
  settings: ReputationSettings,
): Promise<Map<Dimension, { r: number; s: number; raters: number }>> {
  const atSql = sql`${at.toISOString()}::timestamptz`;
  const rows = rowsOf<TopRow>(
    await tx.execute(sql`
      with decayed as (
        select dimension, r * f as r, s * f as s
        from (
          select dimension, r, s, ${decaySql(settings.lambda, sql`as_of`, atSql)} as f
          from reputation_evidence
          where agent_id = ${agentId} and not internal and r + s > 0
        ) evidence
      ), ranked as (
        select dimension, r, s,
          row_number() over (partition by dimension order by r + s desc) as n,
          count(*) over (partition by dimension) as raters,
          sum(r) over (partition by dimension) as total_r,
          sum(s) over (partition by dimension) as total_s
        from decayed
      )
      select dimension, r, s, raters, total_r, total_s from ranked
      where n <= ${topRatersNeeded(settings.maxRaterShare)}
      order by dimension, n`),
  );
  const byDimension = new Map<Dimension, TopRow[]>();
  for (const row of rows) {
    const list = byDimension.get(row.dimension) ?? [];
    list.push({ ...row, r: Number(row.r), s: Number(row.s) });
    byDimension.set(row.dimension, list);
  }
  const scores = new Map<Dimension, { r: number; s: number; raters: number }>();
  for (const [dimension, top] of byDimension) {
    const first = top[0] as TopRow;
    const totals = { r: Number(first.total_r), s: Number(first.total_s), raters: Number(first.raters) };
    const capped = sumWithShareCapFromTop(totals, top, settings.maxRaterShare, settings.shareCapMinRaters);
    scores.set(dimension, { ...capped, raters: totals.raters });
  }
  return scores;
}

/**
 * Recomputes and stores the agent's public score rows as of `at` (dimensions without evidence:
 * none), and returns them.
 */
export async function refreshScores(
  tx: DbOrTx,
  agentId: string,
  at: Date,
  settings: ReputationSettings,
): Promise<ReputationScoreRow[]> {
  const scores = await computeScores(tx, agentId, at, settings);
  const stale = (["overall", "success_rate", "response_time", "reliability"] as const).filter(
    (d) => !scores.has(d),
  );
  if (stale.length > 0) {
    await tx
      .delete(reputationScores)
      .where(and(eq(reputationScores.agentId, agentId), inArray(reputationScores.dimension, stale)));
  }
  const rows = [...scores].map(([dimension, e]) => ({
    agentId,
    dimension,
    r: e.r,
    s: e.s,
    ...scoreOf(e.r, e.s),
    raters: e.raters,
    asOf: at,
  }));
  await upsertScores(tx, rows);
  return rows;
}

/** Stores score rows (one per agent and dimension), replacing what was there. */
export async function upsertScores(tx: DbOrTx, rows: ReputationScoreRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(reputationScores)
    .values(rows)
    .onConflictDoUpdate({
      target: [reputationScores.agentId, reputationScores.dimension],
      set: {
        r: sql`excluded.r`,
        s: sql`excluded.s`,
        mean: sql`excluded.mean`,
        lower: sql`excluded.lower`,
        upper: sql`excluded.upper`,
        stars: sql`excluded.stars`,
        evidence: sql`excluded.evidence`,
        raters: sql`excluded.raters`,
        asOf: sql`excluded.as_of`,
      },
    });
}
