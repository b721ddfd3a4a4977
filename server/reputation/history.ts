import { and, desc, eq, gte, lte, or } from "drizzle-orm";
import { reputationEvents, reputationScores, reputationSnapshots } from "@/db/schema";
import type { OrgContext } from "../context";
import { now } from "../platform/clock";
import { DIMENSIONS, type Dimension } from "./model";
import type { HistoryInput, RecentFeedbackInput } from "./schemas";
import { getVisibleAgent, orgNames } from "./score";
import { feedbackEventView } from "./service";

// The score over time (the nightly snapshots, and today's live score as the last point) and the
// feedback behind it.

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

type Point = { day: string; mean: number; lower: number; upper: number; stars: number; evidence: number };

// GET /api/v1/reputation/history/{agent_id}?from=&to= (default: the last 30 days)
export async function history({ ctx, input }: { ctx: OrgContext; input: HistoryInput }) {
  const agent = await getVisibleAgent(ctx, input.agent_id);
  const today = dayOf(now());
  const to = input.to ?? today;
  const from = input.from ?? dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS));
  const snapshots = await ctx.db
    .select()
    .from(reputationSnapshots)
    .where(
      and(
        eq(reputationSnapshots.agentId, agent.id),
        gte(reputationSnapshots.day, from),
        lte(reputationSnapshots.day, to),
      ),
    )
    .orderBy(reputationSnapshots.day);
  const series = new Map<Dimension, Point[]>(DIMENSIONS.map((d) => [d, []]));
  for (const row of snapshots) {
    series.get(row.dimension)?.push({
      day: row.day,
      mean: row.mean,
      lower: row.lower,
      upper: row.upper,
      stars: row.stars,
      evidence: row.evidence,
    });
  }
  if (from <= today && today <= to) {
    const live = await ctx.db.select().from(reputationScores).where(eq(reputationScores.agentId, agent.id));
    for (const row of live) {
      const points = series.get(row.dimension) ?? [];
      const point = {
        day: today,
        mean: row.mean,
        lower: row.lower,
        upper: row.upper,
        stars: row.stars,
        evidence: row.evidence,
      };
      // Today's snapshot (if the nightly job already ran) gives way to the live score.
      if (points.at(-1)?.day === today) points[points.length - 1] = point;
      else points.push(point);
    }
  }
  return { data: DIMENSIONS.map((dimension) => ({ dimension, points: series.get(dimension) ?? [] })) };
}

/**
 * The newest feedback on an agent: its owner sees every event (internal ones too); another org
 * sees the external events and its own.
 */
export async function recentFeedback({ ctx, input }: { ctx: OrgContext; input: RecentFeedbackInput }) {
  const agent = await getVisibleAgent(ctx, input.agent_id);
  const owner = agent.orgId === ctx.org.id;
  const events = await ctx.db
    .select()
    .from(reputationEvents)
    .where(
      and(
        eq(reputationEvents.agentId, agent.id),
        owner
          ? undefined
          : or(eq(reputationEvents.internal, false), eq(reputationEvents.raterOrgId, ctx.org.id)),
      ),
    )
    .orderBy(desc(reputationEvents.createdAt), desc(reputationEvents.id))
    .limit(input.limit);
  const names = await orgNames(ctx.db, [...new Set(events.map((e) => e.raterOrgId))]);
  return { data: events.map((event) => feedbackEventView(event, names.get(event.raterOrgId) ?? null)) };
}
