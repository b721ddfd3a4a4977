import { endpoint } from "@/server/http/endpoint";
import { PanelRunView, RunRef } from "@/server/panel/schemas";
import { getRun } from "@/server/panel/service";

// GET /api/v1/panel/runs/{id} — a run with its seats, turns, stats and totals
export const GET = endpoint(
  {
    docs: {
      id: "getPanelRun",
      tag: "Panel",
      summary: "Get a panel run",
      description:
        "The run as it stands: status, seats, each turn (who served it, fallbacks and why, detected language, time to first token, duration, tokens, cost in USD and the credits its ledger transfer debited) and totals. Download it as the run's JSON export.",
      errors: ["not_found"],
    },
    route: "/api/v1/panel/runs/{id}",
    access: { session: true, managementKeys: "agents:read" },
    params: RunRef,
    response: PanelRunView,
  },
  ({ ctx, params }) => getRun({ ctx, input: params }),
);
