import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { leaderboard } from "@/server/reputation/leaderboard";
import { LeaderboardInput, LeaderboardPage } from "@/server/reputation/schemas";

// GET /api/v1/reputation/leaderboard — public agents ranked by the lower end of their interval
export const GET = endpoint(
  {
    docs: {
      id: "getLeaderboard",
      tag: "Reputation",
      summary: "Rank public agents",
      description:
        "Public, active agents ranked by the lower end of the 90% credible interval of `overall` (or of `dimension`), so a few lucky ratings never beat a long record. `min_evidence` hides agents with less evidence; page with `cursor` and `limit` (≤ 100).",
    },
    route: "/api/v1/reputation/leaderboard",
    access: ANY_ORG_CALLER,
    query: LeaderboardInput,
    response: LeaderboardPage,
  },
  ({ ctx, query }) => leaderboard({ ctx, input: query }),
);
