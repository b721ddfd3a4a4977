import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { agents, organizations, type ReputationScoreRow, reputationScores } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import type { OrgContext } from "../context";
import { now } from "../platform/clock";
import { getEnv } from "../platform/env";
import { CREDIBLE_LEVEL, type Dimension, type DimensionScore, scoreOf } from "./model";
import type { ScoreRef, ScoreView } from "./schemas";
import { decaySql, type ReputationSettings } from "./store";

// Reading an agent's reputation: who may see which agent, and the score as its viewer sees it.

export type RatedAgent = {
  id: string;
  name: string;
  orgId: string;
  public: boolean;
};

export function reputationSettings(): ReputationSettings & { minEvidence: number } {
  const settings = getEnv().reputation;
  return {
    lambda: settings.decayRate,
    maxRaterShare: settings.maxRaterShare,
    shareCapMinRaters: settings.shareCapMinRaters,
    minEvidence: settings.minEvidence,
  };
}

/** An agent of the caller's org, or a public one of another; anything else is the same 404. */
export async function getVisibleAgent(ctx: OrgContext, id: string): Promise<RatedAgent> {
  const [agent] = await ctx.db
    .select({ id: agents.id, name: agents.name, orgId: agents.orgId, public: agents.public })
    .from(agents)
    .where(
      and(
        eq(agents.id, id),
        isNull(agents.deletedAt),
        or(eq(agents.orgId, ctx.org.id), eq(agents.public, true)),
      ),
    );
  if (!agent) throw await notFoundInOrg(ctx, "agent", id);
  return agent;
}

const pickScore = (score: DimensionScore): DimensionScore => ({
  mean: score.mean,
  lower: score.lower,
  upper: score.upper,
  stars: score.stars,
  evidence: score.evidence,
});

const NEUTRAL = pickScore(scoreOf(0, 0));

export type Counts = { external: number; internal: number; anomalies: number };

/**
 * The agent's event counts, from the counters its writers keep; anomalies (its owner's concern
 * only) counted over the last week's events when asked for.
 */
export async function countEvents(
  db: DbOrTx,
  agentId: string,
  at: Date,
  withAnomalies = false,
): Promise<Counts> {
  const weekAgo = new Date(at.getTime() - 7 * 86_400_000).toISOString();
  const [row] = rowsOf<{ external: number; internal: number; anomalies: number }>(
    await db.execute(sql`
      select coalesce(c.external, 0) as external, coalesce(c.internal, 0) as internal,
        ${
          withAnomalies
            ? sql`(select count(*)::int from reputation_events e where e.agent_id = ${agentId}
                and e.anomaly and e.created_at > ${weekAgo}::timestamptz)`
            : sql`0`
        } as anomalies
      from (select 1) one left join reputation_counts c on c.agent_id = ${agentId}`),
  );
  return {
    external: Number(row?.external ?? 0),
    internal: Number(row?.internal ?? 0),
    anomalies: Number(row?.anomalies ?? 0),
  };
}

/** Adds to an agent's event counters (in the transaction that writes the events); the new counts. */
export async function bumpCounts(
  db: DbOrTx,
  agentId: string,
  add: { external: number; internal: number },
): Promise<{ external: number; internal: number }> {
  const [row] = rowsOf<{ external: number; internal: number }>(
    await db.execute(sql`
      insert into reputation_counts (agent_id, external, internal) values (${agentId}, ${add.external}, ${add.internal})
      on conflict (agent_id) do update set external = reputation_counts.external + excluded.external,
        internal = reputation_counts.internal + excluded.internal
      returning external, internal`),
  );
  return { external: Number(row?.external ?? 0), internal: Number(row?.internal ?? 0) };
}

/** The owner's view of internal evidence alone, decayed to `at` (no share cap: one rater). */
async function internalScores(db: DbOrTx, agentId: string, at: Date, lambda: number) {
  const decay = decaySql(lambda, sql`as_of`, sql`${at.toISOString()}::timestamptz`);
  const rows = rowsOf<{ dimension: Dimension; r: number; s: number }>(
    await db.execute(sql`
      select dimension,
        sum(r * ${decay}) as r, sum(s * ${decay}) as s
      from reputation_evidence where agent_id = ${agentId} and internal group by dimension`),
  );
  const scores = new Map(
    rows.map((row) => [row.dimension, pickScore(scoreOf(Number(row.r), Number(row.s)))]),
  );
  const of = (d: Dimension) => scores.get(d) ?? NEUTRAL;
  return {
    overall: of("overall"),
    dimensions: {
      success_rate: of("success_rate"),
      response_time: of("response_time"),
      reliability: of("reliability"),
    },
  };
}

type StoredScore = Pick<
  ReputationScoreRow,
  "dimension" | "mean" | "lower" | "upper" | "stars" | "evidence" | "asOf"
>;

export type ScoreParts = {
  /** The agent's public score rows (a dimension without one is neutral). */
  rows: StoredScore[];
  counts: Counts;
  /** The owner's internal side; null for anyone else. */
  internal: Awaited<ReturnType<typeof internalScores>> | null;
  at: Date;
};

/** The score view from its parts, for the agent's owner (`internal` set) or anyone else. */
export function composeScoreView(agent: RatedAgent, parts: ScoreParts): ScoreView {
  const byDimension = new Map(parts.rows.map((row) => [row.dimension, row]));
  const of = (d: Dimension) => {
    const row = byDimension.get(d);
    return row ? pickScore(row) : NEUTRAL;
  };
  const owner = parts.internal !== null;
  const asOfMs = Math.max(...parts.rows.map((row) => row.asOf.getTime()));
  const overall = of("overall");
  return {
    agent_id: agent.id,
    agent_name: agent.name,
    public: agent.public,
    provisional: overall.evidence < reputationSettings().minEvidence,
    feedback_count: parts.counts.external,
    internal_feedback_count: owner ? parts.counts.internal : null,
    anomaly_count: owner ? parts.counts.anomalies : null,
    as_of: (parts.rows.length > 0 ? new Date(asOfMs) : parts.at).toISOString(),
    level: CREDIBLE_LEVEL,
    overall,
    dimensions: {
      success_rate: of("success_rate"),
      response_time: of("response_time"),
      reliability: of("reliability"),
    },
    internal: parts.internal,
  };
}

export const storedScores = (db: DbOrTx, agentId: string) =>
  db.select().from(reputationScores).where(eq(reputationScores.agentId, agentId));

/** The agent's score as `viewerOrgId` sees it: the public score, and for its owner the internal side. */
export async function scoreView(db: DbOrTx, agent: RatedAgent, viewerOrgId: string): Promise<ScoreView> {
  const at = now();
  const owner = agent.orgId === viewerOrgId;
  const [rows, counts, internal] = await Promise.all([
    storedScores(db, agent.id),
    countEvents(db, agent.id, at, owner),
    owner ? internalScores(db, agent.id, at, reputationSettings().lambda) : null,
  ]);
  return composeScoreView(agent, { rows, counts, internal, at });
}

// GET /api/v1/reputation/score/{agent_id}
export async function getScore({ ctx, input }: { ctx: OrgContext; input: ScoreRef }): Promise<ScoreView> {
  const agent = await getVisibleAgent(ctx, input.agent_id);
  return scoreView(ctx.db, agent, ctx.org.id);
}

/** The organization's name for a rater id (system observations have none). */
export async function orgNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}
