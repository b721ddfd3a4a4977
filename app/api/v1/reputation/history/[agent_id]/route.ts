import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { history } from "@/server/reputation/history";
import { HistoryRange, HistoryView, ScoreRef } from "@/server/reputation/schemas";

// GET /api/v1/reputation/history/{agent_id}?from=&to= — the daily series per dimension
export const GET = endpoint(
  {
    docs: {
      id: "getReputationHistory",
      tag: "Reputation",
      summary: "Get an agent's reputation history",
      description:
        "One point per UTC day per dimension from the nightly snapshots, today's live score last. `from` and `to` are dates (default: the last 30 days).",
      errors: ["not_found"],
    },
    route: "/api/v1/reputation/history/{agent_id}",
    access: ANY_ORG_CALLER,
    params: ScoreRef,
    query: HistoryRange,
    response: HistoryView,
  },
  ({ ctx, params, query }) => history({ ctx, input: { ...query, agent_id: params.agent_id } }),
);
