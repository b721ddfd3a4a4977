import { endpoint, json } from "@/server/http/endpoint";
import { ListRunsInput, PanelRunPage, PanelRunView, StartRunInput } from "@/server/panel/schemas";
import { listRuns, startRun } from "@/server/panel/service";

const route = "/api/v1/panel/runs";

// GET /api/v1/panel/runs — the org's panel runs, newest first
export const GET = endpoint(
  {
    docs: {
      id: "listPanelRuns",
      tag: "Panel",
      summary: "List panel runs",
      description:
        "The organization's panel runs, newest first, each with its turns and totals; page with `cursor`.",
    },
    route,
    access: { session: true, managementKeys: "agents:read" },
    query: ListRunsInput,
    response: PanelRunPage,
  },
  ({ ctx, query }) => listRuns({ ctx, input: query }),
);

// POST /api/v1/panel/runs — start a run: four seats, two rounds, played on the server
export const POST = endpoint(
  {
    docs: {
      id: "startPanelRun",
      tag: "Panel",
      status: 201,
      summary: "Start a panel run",
      description:
        "Seats four agents (the default panel agents, created on first use, or the ones named: your own, or other organizations' public agents as guests) and answers 201 at once with the queued run. The server then plays two rounds of four turns, each a chat completion through the gateway with its fallbacks, billed like one, plus the run's own price. Follow it with `GET /api/v1/panel/runs/{id}/events`. Needs the member role.",
      credits: "workflow",
      errors: ["forbidden", "not_found", "unprocessable", "insufficient_credits"],
      examples: { request: { prompt: "Should a small team adopt microservices?" } },
    },
    route,
    access: { session: true, managementKeys: "agents:write" },
    body: StartRunInput,
    response: PanelRunView,
  },
  async ({ ctx, body }) => json(await startRun({ ctx, input: body }), { status: 201 }),
);
