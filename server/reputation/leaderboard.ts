import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { scoreOf } from "./model";
import type { LeaderboardInput } from "./schemas";
import { reputationSettings } from "./score";

// GET /api/v1/reputation/leaderboard: public, active, undeleted agents ranked by the lower end of
// their credible interval (so a few lucky ratings never beat a long record), ties by agent id.
// An agent no other org has rated yet sits at the prior's lower end, provisional.

type Row = {
  id: string;
  name: string;
  org_name: string;
  mean: number;
  lower: number;
  upper: number;
  stars: number;
  evidence: number;
  overall_evidence: number;
  as_of: string | Date | null;
};

type CursorState = { lower: number; id: string; rank: number };

function encodeCursor(state: CursorState): string {
  return Buffer.from(`${state.lower}|${state.rank}|${state.id}`).toString("base64url");
}

function decodeCursor(cursor: string): CursorState {
  const [lower, rank, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const state = { lower: Number(lower), rank: Number(rank), id: id ?? "" };
  if (!Number.isFinite(state.lower) || !Number.isInteger(state.rank) || state.rank < 0 || !state.id) {
    throw new AppError("bad_request", "cursor must come from next_cursor", {
      errors: [{ pointer: "/cursor", detail: "not a cursor this list handed out" }],
    });
  }
  return state;
}

export async function leaderboard({ ctx, input }: { ctx: OrgContext; input: LeaderboardInput }) {
  const prior = scoreOf(0, 0);
  const { minEvidence } = reputationSettings();
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const lower = sql`coalesce(sc.lower, ${prior.lower}::float8)`;
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select a.id, a.name, o.name as org_name,
        coalesce(sc.mean, ${prior.mean}::float8) as mean, ${lower} as lower,
        coalesce(sc.upper, ${prior.upper}::float8) as upper, coalesce(sc.stars, ${prior.stars}::float8) as stars,
        coalesce(sc.evidence, 0) as evidence, coalesce(ov.evidence, 0) as overall_evidence, sc.as_of
      from agents a
      join organizations o on o.id = a.org_id
      left join reputation_scores sc on sc.agent_id = a.id and sc.dimension = ${input.dimension}::reputation_dimension
      left join reputation_scores ov on ov.agent_id = a.id and ov.dimension = 'overall'
      where a.public and a.status = 'active' and a.deleted_at is null
        and coalesce(sc.evidence, 0) >= ${input.min_evidence}
        ${after ? sql`and (${lower} < ${after.lower}::float8 or (${lower} = ${after.lower}::float8 and a.id > ${after.id}))` : sql``}
      order by ${lower} desc, a.id asc
      limit ${input.limit + 1}`),
  );
  const page = rows.slice(0, input.limit);
  const firstRank = (after?.rank ?? 0) + 1;
  const data = page.map((row, i) => ({
    rank: firstRank + i,
    agent: { id: row.id, name: row.name },
    org_name: row.org_name,
    dimension: input.dimension,
    mean: Number(row.mean),
    lower: Number(row.lower),
    upper: Number(row.upper),
    stars: Number(row.stars),
    evidence: Number(row.evidence),
    provisional: Number(row.overall_evidence) < minEvidence,
    as_of: row.as_of === null ? null : new Date(row.as_of).toISOString(),
  }));
  const last = data.at(-1);
  return {
    data,
    next_cursor:
      rows.length > input.limit && last
        ? encodeCursor({ lower: last.lower, id: last.agent.id, rank: last.rank })
        : null,
  };
}
