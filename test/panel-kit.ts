import type { Db } from "@/db/client";
import { newId } from "@/db/ids";
import { panelEvents, panelRuns } from "@/db/schema";
import { activeRuns } from "@/server/panel/worker";

// Panel runs for tests that need one to exist rather than to play: a run already ended, with
// its `run_ended` event, so its stream closes at once.

export async function insertEndedRun(db: Db, orgId: string): Promise<string> {
  const id = newId("panelRun");
  const at = new Date();
  await db.insert(panelRuns).values({
    id,
    orgId,
    status: "completed",
    prompt: "A finished run",
    seats: [],
    rounds: 2,
    startedBy: "system",
    startedAt: at,
    endedAt: at,
  });
  await db.insert(panelEvents).values({
    runId: id,
    seq: 1,
    type: "run_ended",
    data: { status: "completed", error: null, totals: {} },
  });
  return id;
}

/** Waits for every run this process is playing to end. */
export async function runsSettled(): Promise<void> {
  while (activeRuns().length > 0) await Promise.all(activeRuns());
}
