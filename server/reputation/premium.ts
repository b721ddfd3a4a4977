import { and, eq } from "drizzle-orm";
import { agents, reputationScores } from "@/db/schema";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { getEnv } from "../platform/env";
import { sharedTtlCache } from "../platform/ttl-cache";
import { reputationSettings } from "./score";

// Premium models are for agents in good standing: an agent key whose agent is public and no longer
// provisional, with overall stars below BRIKK_PREMIUM_MIN_REPUTATION, may not call one (403
// reputation_too_low), and its fallback chains skip them. Sessions, private and provisional agents
// are not gated (there is no public score to hold them to). The standing is read from a cache at
// most a minute old, so the hot path costs a map lookup.

const STANDING_TTL_MS = 60_000;

type Standing = { public: boolean; provisional: boolean; stars: number };

const standings = () =>
  sharedTtlCache<Standing>("reputation-standing", { ttlMs: STANDING_TTL_MS, maxEntries: 50_000 });

async function standingOf(ctx: OrgContext, agentId: string): Promise<Standing> {
  const cached = standings().get(agentId);
  if (cached) return cached;
  const [row] = await ctx.db
    .select({ public: agents.public, stars: reputationScores.stars, evidence: reputationScores.evidence })
    .from(agents)
    .leftJoin(
      reputationScores,
      and(eq(reputationScores.agentId, agents.id), eq(reputationScores.dimension, "overall")),
    )
    .where(eq(agents.id, agentId));
  const evidence = row?.evidence ?? 0;
  const standing = {
    public: row?.public ?? false,
    provisional: evidence < reputationSettings().minEvidence,
    stars: row?.stars ?? 3,
  };
  standings().set(agentId, standing);
  return standing;
}

/** The stars below the threshold when this caller is held to it, else null. */
async function shortfall(ctx: OrgContext): Promise<{ stars: number; threshold: number } | null> {
  const { premium } = getEnv();
  if (premium.minStars === null || premium.models.size === 0) return null;
  if (ctx.actor.type !== "api_key" || !ctx.actor.agent) return null;
  const standing = await standingOf(ctx, ctx.actor.agent.id);
  if (!standing.public || standing.provisional || standing.stars >= premium.minStars) return null;
  return { stars: standing.stars, threshold: premium.minStars };
}

/**
 * The candidates this caller may use: a premium model asked for first is refused, premium
 * fallbacks are dropped.
 */
export async function gatePremiumModels<M extends { id: string }>(
  ctx: OrgContext,
  candidates: M[],
): Promise<M[]> {
  const premium = getEnv().premium.models;
  if (!candidates.some((c) => premium.has(c.id))) return candidates;
  const short = await shortfall(ctx);
  if (!short) return candidates;
  const [first] = candidates;
  if (first && premium.has(first.id)) {
    throw new AppError(
      "reputation_too_low",
      `${first.id} is a premium model: it needs an overall reputation of ${short.threshold} stars and this agent has ${short.stars}`,
      { reputation: { stars: short.stars, threshold: short.threshold } },
    );
  }
  return candidates.filter((c) => !premium.has(c.id));
}

/** Forgets cached standings (tests, and after a score changes enough to matter at once). */
export function forgetStandings(): void {
  standings().clear();
}
