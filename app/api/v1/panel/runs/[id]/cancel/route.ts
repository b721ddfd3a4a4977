import { endpoint } from "@/server/http/endpoint";
import { PanelRunView, RunRef } from "@/server/panel/schemas";
import { cancelRun } from "@/server/panel/service";

// POST /api/v1/panel/runs/{id}/cancel — stop the running turn, skip the rest, settle what was used
export const POST = endpoint(
  {
    docs: {
      id: "cancelPanelRun",
      tag: "Panel",
      summary: "Cancel a panel run",
      description:
        "Stops the turn being played (it is billed for what it delivered), skips the rest and settles the run; answers with the run once it has stopped. Cancelling an ended run changes nothing. Needs the member role.",
      errors: ["forbidden", "not_found"],
    },
    route: "/api/v1/panel/runs/{id}/cancel",
    access: { session: true, managementKeys: "agents:write" },
    params: RunRef,
    response: PanelRunView,
  },
  ({ ctx, params }) => cancelRun({ ctx, input: params }),
);
