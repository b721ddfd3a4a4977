import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint, json } from "@/server/http/endpoint";
import { recentFeedback } from "@/server/reputation/history";
import {
  FeedbackInput,
  FeedbackResult,
  RecentFeedback,
  RecentFeedbackInput,
} from "@/server/reputation/schemas";
import { recordFeedback } from "@/server/reputation/service";

const route = "/api/v1/reputation/feedback";

// POST /api/v1/reputation/feedback — rate an agent (or report a measured outcome) for the caller's org
export const POST = endpoint(
  {
    docs: {
      id: "giveFeedback",
      tag: "Reputation",
      status: 201,
      summary: "Give feedback on an agent",
      description: [
        "Rates an agent of your organization (internal: shown to you, never public) or a public agent of another.",
        "A `rating` (1–5) is required unless a measured `outcome` is given. Each organization gives one feedback",
        "per interaction, or without `interaction_id` one per agent per UTC day (409 otherwise).",
        "The answer has the event, its weight and why, and the score before and after.",
        "Weights: 1 for an organization with a paid top-up, 0.2 without; ×2 naming an interaction Brikk recorded;",
        "×0.1 in a burst of ratings from organizations younger than 7 days.",
      ].join(" "),
      errors: ["forbidden", "not_found", "conflict"],
      examples: {
        request: { agent_id: "agt_01JEXAMPLE0000000000000000", rating: 5, comment: "Fast and accurate" },
      },
    },
    route,
    access: ANY_ORG_CALLER,
    body: FeedbackInput,
    response: FeedbackResult,
    rateLimit: "reputationFeedback",
  },
  async ({ ctx, body }) => json(await recordFeedback({ ctx, input: body }), { status: 201 }),
);

// GET /api/v1/reputation/feedback?agent_id= — the newest feedback on an agent
export const GET = endpoint(
  {
    docs: {
      id: "listFeedback",
      tag: "Reputation",
      summary: "List recent feedback on an agent",
      description:
        "Newest first. The agent's organization sees every event, internal ones included; another organization sees the external events and its own.",
      errors: ["not_found"],
    },
    route,
    access: ANY_ORG_CALLER,
    query: RecentFeedbackInput,
    response: RecentFeedback,
  },
  ({ ctx, query }) => recentFeedback({ ctx, input: query }),
);
