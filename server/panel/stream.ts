import type { PanelEventRow } from "@/db/schema";
import type { OrgContext } from "../context";
import { panelBus } from "./bus";
import { eventsAfter, RunFollower } from "./events";
import { getRunOrThrow } from "./service";

// GET /api/v1/panel/runs/{id}/events: the run's log as server-sent events, from after the last
// event the client saw (`Last-Event-ID`, which browsers send by themselves when they reconnect)
// and then live, until `run_ended`. Every viewer reads the same numbered log, so a reload, a
// second tab or another instance sees each token once and in order.

const encoder = new TextEncoder();
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

function frame(event: PanelEventRow): Uint8Array {
  const data = JSON.stringify({ type: event.type, seq: event.seq, ...event.data });
  return encoder.encode(`id: ${event.seq}\nevent: ${event.type}\ndata: ${data}\n\n`);
}

/**
 * The run ended a while ago and the log has nothing after what was sent: the client already saw
 * `run_ended` (it resumed past it). The delay covers the moment between a worker marking its run
 * ended and appending the event.
 */
async function endedLongAgo(ctx: OrgContext, runId: string): Promise<boolean> {
  const run = await getRunOrThrow(ctx, runId);
  return run.endedAt !== null && Date.now() - run.endedAt.getTime() > 5_000;
}

export async function streamRunEvents({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { id: string; after: number };
}): Promise<Response> {
  const run = await getRunOrThrow(ctx, input.id);
  const stop = new AbortController();
  ctx.signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const bus = panelBus();
  const follower = new RunFollower(bus, run.id);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let last = input.after;
      let quietSince = Date.now();
      let failed = false;
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      try {
        while (!stop.signal.aborted) {
          await follower.next(bus.pollMs, stop.signal);
          const events = await eventsAfter(ctx.db, run.id, last);
          for (const event of events) {
            controller.enqueue(frame(event));
            last = event.seq;
            if (event.type === "run_ended") return;
          }
          if (events.length > 0) quietSince = Date.now();
          else if (await endedLongAgo(ctx, run.id)) return;
          else if (Date.now() - quietSince >= KEEP_ALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            quietSince = Date.now();
          }
        }
      } catch (error) {
        failed = true;
        if (!stop.signal.aborted) controller.error(error);
      } finally {
        follower.close();
        if (!failed && !stop.signal.aborted) controller.close();
      }
    },
    cancel() {
      stop.abort();
      follower.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
