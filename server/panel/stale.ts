import { and, eq, inArray, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { type PanelRun, type PanelTurn, panelRuns, panelTurns } from "@/db/schema";
import type { ServiceContext } from "../context";
import { settleHeldCredits } from "../ledger/reservation-batch";
import { releaseReservation } from "../ledger/reservations";
import { now, nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { panelBus } from "./bus";
import { appendAfterLast } from "./events";
import { totalsOf } from "./views";

// The job that ends runs whose worker died (its process was killed mid-run): a run whose
// heartbeat is older than PANEL_STALE_AFTER_SECONDS is failed, the turn it was playing closed
// with what the ledger says it was charged (nothing, or its settled transfer), every hold it
// left released, and `run_ended` written, so no run stays "running" and no credit stays held.

const WORKER_LOST = {
  code: "worker_lost",
  message: "The server playing this run stopped before it ended; its holds were released",
};

export async function failStaleRuns({ ctx }: { ctx: ServiceContext }): Promise<{ failed: number }> {
  const db = ctx.db;
  const cutoff = new Date(nowMs() - getEnv().panel.staleAfterSeconds * 1000);
  const stale = sql`coalesce(${panelRuns.heartbeatAt}, ${panelRuns.createdAt}) < ${cutoff.toISOString()}`;
  const due = await db
    .select({ id: panelRuns.id })
    .from(panelRuns)
    .where(and(inArray(panelRuns.status, ["queued", "running"]), stale))
    .limit(100);
  let failed = 0;
  for (const { id } of due) {
    const [run] = await db
      .update(panelRuns)
      .set({ status: "failed", error: WORKER_LOST, endedAt: now() })
      .where(and(eq(panelRuns.id, id), inArray(panelRuns.status, ["queued", "running"]), stale))
      .returning();
    if (!run) continue; // it came back to life, or another instance got it
    failed++;
    await closeRun(db, run);
  }
  return { failed };
}

async function closeRun(db: DbOrTx, run: PanelRun): Promise<void> {
  const turns = await db.select().from(panelTurns).where(eq(panelTurns.runId, run.id));
  const closed: PanelTurn[] = [];
  for (const turn of turns) closed.push(turn.status === "running" ? await closeTurn(db, turn) : turn);
  const anyCompleted = closed.some((turn) => turn.status === "completed");
  let feeMicros = 0n;
  if (run.feeHoldId && anyCompleted) {
    const settled = await settleHeldCredits({
      id: run.feeHoldId,
      actualMicros: getEnv().prices.workflowExecution,
      metadata: { service: "workflow", route: "/api/v1/panel/runs", run_id: run.id },
    });
    feeMicros = settled.chargedMicros;
  } else if (run.feeHoldId) {
    await releaseReservation(db, run.feeHoldId);
  }
  const [ended] = await db
    .update(panelRuns)
    .set({ feeMicros, feeTransferId: feeMicros > 0n ? `usage:${run.feeHoldId}` : null })
    .where(eq(panelRuns.id, run.id))
    .returning();
  await appendAfterLast(db, run.id, "run_ended", {
    status: "failed",
    error: WORKER_LOST,
    totals: totalsOf(ended ?? run, closed),
  });
  panelBus().publish({ run: run.id });
}

/** The turn the worker was playing: released if still held, or closed with what it was charged. */
async function closeTurn(db: DbOrTx, turn: PanelTurn): Promise<PanelTurn> {
  let charged = { micros: 0n, transferId: null as string | null };
  if (turn.holdId) {
    await releaseReservation(db, turn.holdId);
    const [row] = rowsOf<{ transfer_id: string | null; charged: string | null }>(
      await db.execute(sql`
        select r.transfer_id,
          (select -e.amount from ledger_entries e
            where e.transfer_id = r.transfer_id and e.account_id = r.account_id) as charged
        from ledger_reservations r where r.id = ${turn.holdId}`),
    );
    if (row?.transfer_id) charged = { micros: BigInt(row.charged ?? 0), transferId: row.transfer_id };
  }
  const [closed] = await db
    .update(panelTurns)
    .set({
      status: "failed",
      error: WORKER_LOST,
      endedAt: now(),
      creditsMicros: charged.micros,
      transferId: charged.transferId,
    })
    .where(and(eq(panelTurns.runId, turn.runId), eq(panelTurns.index, turn.index)))
    .returning();
  return closed ?? turn;
}
