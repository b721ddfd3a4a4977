import { endpoint } from "@/server/http/endpoint";
import { PanelStreamEvent, RunEventsQuery, RunRef } from "@/server/panel/schemas";
import { streamRunEvents } from "@/server/panel/stream";

// GET /api/v1/panel/runs/{id}/events — the run as server-sent events, resumable with Last-Event-ID
export const GET = endpoint(
  {
    docs: {
      id: "streamPanelRunEvents",
      tag: "Panel",
      summary: "Follow a panel run",
      description:
        "Replays the run's events from the start (or after `Last-Event-ID` / `after`) and follows it live until `run_ended`. Every event has a sequence id, so a reload, a second tab or a late joiner sees each token once, in order, on any instance.",
      errors: ["not_found"],
      stream: {
        event: PanelStreamEvent,
        description:
          "`text/event-stream`: each event's `id:` is its `seq`, `event:` its `type` (`turn_started`, `delta`, `turn_ended`, `turn_failed`, `run_ended`) and `data:` the JSON below. The stream closes after `run_ended`.",
      },
      requestHeaders: [
        {
          name: "Last-Event-ID",
          in: "header",
          required: false,
          description:
            "The `id` of the last event received: the stream resumes after it (browsers send it when they reconnect).",
          schema: { type: "string" },
        },
      ],
    },
    route: "/api/v1/panel/runs/{id}/events",
    access: { session: true, managementKeys: "agents:read" },
    params: RunRef,
    query: RunEventsQuery,
  },
  ({ ctx, params, query, req }) => {
    const header = Number(req.headers.get("last-event-id"));
    const after = Number.isSafeInteger(header) && header > 0 ? header : (query.after ?? 0);
    return streamRunEvents({ ctx, input: { id: params.id, after } });
  },
);
