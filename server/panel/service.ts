import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/db/ids";
import { type PanelRun, panelRuns, panelTurns } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import { recordAudit } from "../audit/service";
import { actorLabel, type OrgContext } from "../context";
import { releaseReservation, reserveCredits } from "../ledger/reservations";
import { now } from "../platform/clock";
import { getEnv } from "../platform/env";
import { assertRole } from "../roles";
import { panelBus } from "./bus";
import { appendAfterLast, RunFollower } from "./events";
import type { ListRunsInput, RunRef, StartRunInput } from "./schemas";
import { prepareSeats } from "./seats";
import { type RunView, runView, totalsOf } from "./views";
import { launchRun } from "./worker";

// The panel's actions. Starting a run seats its agents, holds its fee and hands it to a worker in
// this process, answering at once; the run is then followed through its event stream (stream.ts)
// or read back here. Reads are scoped to the caller's org: another org's run is a 404.

const TERMINAL = new Set<PanelRun["status"]>(["completed", "failed", "cancelled"]);
/** How long a cancel waits for the worker to stop and settle before answering anyway. */
const CANCEL_WAIT_MS = 10_000;

export async function getRunOrThrow(ctx: OrgContext, id: string): Promise<PanelRun> {
  const [run] = await ctx.db
    .select()
    .from(panelRuns)
    .where(and(eq(panelRuns.id, id), eq(panelRuns.orgId, ctx.org.id)));
  if (!run) throw await notFoundInOrg(ctx, "panel_run", id);
  return run;
}

async function viewOf(db: DbOrTx, run: PanelRun): Promise<RunView> {
  const turns = await db
    .select()
    .from(panelTurns)
    .where(eq(panelTurns.runId, run.id))
    .orderBy(asc(panelTurns.index));
  return runView(run, turns);
}

// POST /api/v1/panel/runs
export async function startRun({ ctx, input }: { ctx: OrgContext; input: StartRunInput }): Promise<RunView> {
  assertRole(ctx.role, "member", "start a panel run");
  const id = newId("panelRun");
  const env = getEnv();
  const fee = env.prices.workflowExecution;
  const feeHoldId = fee > 0n ? `panel:${id}` : null;
  // The seats (agents and keys created on first use), the fee's hold, the run and its audit row
  // commit together: a 402 or a 404 leaves nothing behind.
  const run = await ctx.db.transaction(async (tx) => {
    const seats = await prepareSeats({ ...ctx, db: tx }, input.seats);
    if (feeHoldId) {
      await reserveCredits(tx, {
        id: feeHoldId,
        orgId: ctx.org.id,
        amountMicros: fee,
        description: "Panel run",
        ttlSeconds: env.panel.staleAfterSeconds + 600,
      });
    }
    const [inserted] = await tx
      .insert(panelRuns)
      .values({
        id,
        orgId: ctx.org.id,
        prompt: input.prompt,
        seats,
        rounds: 2,
        startedBy: actorLabel(ctx.actor),
        feeHoldId,
      })
      .returning();
    if (!inserted) throw new Error("panel run insert returned nothing");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "panel.run_started",
      target: { type: "panel_run", id },
      metadata: { seats: seats.map((seat) => seat.agent_id) },
      requestId: ctx.requestId,
    });
    return inserted;
  });
  void launchRun(run.id);
  return runView(run, []);
}

// GET /api/v1/panel/runs
export async function listRuns({ ctx, input }: { ctx: OrgContext; input: ListRunsInput }) {
  const rows = await ctx.db
    .select()
    .from(panelRuns)
    .where(and(eq(panelRuns.orgId, ctx.org.id), input.cursor ? lt(panelRuns.id, input.cursor) : undefined))
    .orderBy(desc(panelRuns.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const turns = page.length
    ? await ctx.db
        .select()
        .from(panelTurns)
        .where(
          inArray(
            panelTurns.runId,
            page.map((run) => run.id),
          ),
        )
        .orderBy(asc(panelTurns.index))
    : [];
  return {
    data: page.map((run) =>
      runView(
        run,
        turns.filter((turn) => turn.runId === run.id),
      ),
    ),
    next_cursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

// GET /api/v1/panel/runs/{id}
export async function getRun({ ctx, input }: { ctx: OrgContext; input: RunRef }): Promise<RunView> {
  return viewOf(ctx.db, await getRunOrThrow(ctx, input.id));
}

// POST /api/v1/panel/runs/{id}/cancel
export async function cancelRun({ ctx, input }: { ctx: OrgContext; input: RunRef }): Promise<RunView> {
  assertRole(ctx.role, "member", "cancel a panel run");
  const run = await getRunOrThrow(ctx, input.id);
  if (TERMINAL.has(run.status)) return viewOf(ctx.db, run);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(panelRuns)
      .set({ cancelRequestedAt: now() })
      .where(and(eq(panelRuns.id, run.id), inArray(panelRuns.status, ["queued", "running"])));
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "panel.run_cancelled",
      target: { type: "panel_run", id: run.id },
      metadata: { status: run.status },
      requestId: ctx.requestId,
    });
  });
  if (await cancelQueued(ctx.db, run)) return viewOf(ctx.db, await getRunOrThrow(ctx, run.id));
  panelBus().publish({ run: run.id, cancel: true });
  return viewOf(ctx.db, await waitUntilEnded(ctx, run.id));
}

/** A run no worker claimed yet ends here, as cancelled, its fee released. */
async function cancelQueued(db: DbOrTx, run: PanelRun): Promise<boolean> {
  const [cancelled] = await db
    .update(panelRuns)
    .set({ status: "cancelled", endedAt: now() })
    .where(and(eq(panelRuns.id, run.id), eq(panelRuns.status, "queued")))
    .returning();
  if (!cancelled) return false;
  if (cancelled.feeHoldId) await releaseReservation(db, cancelled.feeHoldId);
  await appendAfterLast(db, run.id, "run_ended", {
    status: "cancelled",
    error: null,
    totals: totalsOf(cancelled, []),
  });
  panelBus().publish({ run: run.id });
  return true;
}

async function waitUntilEnded(ctx: OrgContext, runId: string): Promise<PanelRun> {
  const follower = new RunFollower(panelBus(), runId);
  const deadline = Date.now() + CANCEL_WAIT_MS;
  try {
    for (;;) {
      const run = await getRunOrThrow(ctx, runId);
      if (TERMINAL.has(run.status) || Date.now() >= deadline) return run;
      await follower.next(Math.min(500, deadline - Date.now()));
    }
  } finally {
    follower.close();
  }
}
