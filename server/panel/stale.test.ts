import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { newId } from "@/db/ids";
import { panelRuns, panelTurns } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { openHolds, runsSettled } from "@/test/panel-kit";
import { reconcileLedger } from "../ledger/reconcile";
import { reserveCredits } from "../ledger/reservations";
import { eventsAfter } from "./events";
import { failStaleRuns } from "./stale";

// A worker that died mid-run (its process killed): its run must not stay "running" for ever, nor
// its holds stay held. Simulated by writing what a worker leaves behind when it stops mid-turn.

const t = withTestDb();
afterEach(runsSettled);

async function abandonedRun(orgId: string, heartbeatAgoMs: number) {
  const id = newId("panelRun");
  const feeHoldId = `panel:${id}`;
  await reserveCredits(t.db, { id: feeHoldId, orgId, amountMicros: 10_000_000n, description: "Panel run" });
  const turnHold = `llm:${newId("llmCall")}`;
  await reserveCredits(t.db, { id: turnHold, orgId, amountMicros: 2_000_000n, description: "Turn" });
  const at = new Date(Date.now() - heartbeatAgoMs);
  await t.db.insert(panelRuns).values({
    id,
    orgId,
    status: "running",
    prompt: "Abandoned",
    seats: [],
    rounds: 2,
    startedBy: "system",
    feeHoldId,
    heartbeatAt: at,
    startedAt: at,
  });
  await t.db.insert(panelTurns).values({
    runId: id,
    index: 0,
    round: 1,
    seat: 1,
    agentId: "agt_gone",
    guest: false,
    language: "en",
    holdId: turnHold,
    startedAt: at,
  });
  return id;
}

it("fails runs whose worker went silent, releases their holds and ends their stream", async () => {
  const user = await createUser(t.db);
  const dead = await abandonedRun(user.orgId, 5 * 60_000);
  const alive = await abandonedRun(user.orgId, 1_000);
  expect(await openHolds(t.db, user.orgId)).toBe(4);
  expect(await failStaleRuns({ ctx: { db: t.db, actor: { type: "system" } } })).toEqual({ failed: 1 });
  const [run] = await t.db.select().from(panelRuns).where(eq(panelRuns.id, dead));
  expect(run).toMatchObject({ status: "failed", error: { code: "worker_lost" } });
  const [turn] = await t.db.select().from(panelTurns).where(eq(panelTurns.runId, dead));
  expect(turn).toMatchObject({ status: "failed", creditsMicros: 0n });
  const events = await eventsAfter(t.db, dead, 0);
  expect(events.map((e) => e.type)).toEqual(["run_ended"]);
  // The live run's two holds stay; the dead one's are gone.
  expect(await openHolds(t.db, user.orgId)).toBe(2);
  const [untouched] = await t.db.select().from(panelRuns).where(eq(panelRuns.id, alive));
  expect(untouched?.status).toBe("running");
  expect((await reconcileLedger(t.db)).ok).toBe(true);
  // Nothing left to do the second time.
  expect(await failStaleRuns({ ctx: { db: t.db, actor: { type: "system" } } })).toEqual({ failed: 0 });
});
