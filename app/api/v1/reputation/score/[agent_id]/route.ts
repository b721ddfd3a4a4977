import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { ScoreRef, ScoreView } from "@/server/reputation/schemas";
import { getScore } from "@/server/reputation/score";

// GET /api/v1/reputation/score/{agent_id} — an agent's score per dimension, with its 90% interval
export const GET = endpoint(
  {
    docs: {
      id: "getReputationScore",
      tag: "Reputation",
      summary: "Get an agent's reputation",
      description:
        "The public score (other organizations' evidence, time-decayed, one rater's share capped) per dimension: mean, 90% credible interval, stars and evidence. The agent's own organization also sees its internal score and counts. Another organization's private agent is a 404.",
      errors: ["not_found"],
    },
    route: "/api/v1/reputation/score/{agent_id}",
    access: ANY_ORG_CALLER,
    params: ScoreRef,
    response: ScoreView,
  },
  ({ ctx, params }) => getScore({ ctx, input: params }),
);
