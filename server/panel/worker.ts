import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  type AgentPersona,
  organizations,
  type PanelError,
  type PanelRun,
  type PanelTurn,
  panelRuns,
} from "@/db/schema";
import type { Actor, OrgRef } from "../context";
import { findUsableKeyById, keyActorOf } from "../keys/verify";
import { settleHeldCredits } from "../ledger/reservation-batch";
import { releaseReservation } from "../ledger/reservations";
import { now } from "../platform/clock";
import { getDbHandle } from "../platform/db";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { processGlobal } from "../platform/process-global";
import { panelBus } from "./bus";
import { RunEventLog } from "./events";
import { recordTurnUse } from "./observe";
import { seatPersonas, type TranscriptLine } from "./seats";
import { playTurn } from "./turn";
import { totalsOf } from "./views";

// The worker that plays a run: in the process that accepted it, turn after turn, round-robin.
// It claims the run (queued → running) so it plays once, beats a heartbeat the stale-run job
// watches, and stops at a cancel, which reaches it in-process or over the bus from any instance.

const HEARTBEAT_MS = 5_000;

type Worker = { controller: AbortController; done: Promise<void> };
const workers = () => processGlobal("panel.workers", () => new Map<string, Worker>());

/** Starts playing the run in this process (once); resolves when it has ended. */
export function launchRun(runId: string): Promise<void> {
  const active = workers();
  const existing = active.get(runId);
  if (existing) return existing.done;
  const controller = new AbortController();
  const stopListening = panelBus().listen(runId, (message) => {
    if (message.cancel) controller.abort();
  });
  const done = playRun(runId, controller.signal)
    .catch((error) => getLogger().error({ err: error, run_id: runId }, "panel run worker failed"))
    .finally(() => {
      stopListening();
      active.delete(runId);
    });
  active.set(runId, { controller, done });
  return done;
}

/** Runs being played in this process (the bench and tests wait for them). */
export function activeRuns(): Promise<void>[] {
  return [...workers().values()].map((worker) => worker.done);
}

async function orgRefOf(db: DbOrTx, orgId: string): Promise<OrgRef> {
  const [org] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      personal: organizations.personal,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new Error(`organization ${orgId} is gone`);
  return org;
}

/** The actor named by `startedBy` (`user:…` or `key:…`). */
async function actorOf(db: DbOrTx, label: string): Promise<Actor> {
  const [kind, id = ""] = label.split(/:(.*)/s);
  if (kind === "user") return { type: "user", userId: id };
  if (kind === "key") {
    const key = await findUsableKeyById(db, id);
    if (key) return keyActorOf(key);
  }
  return { type: "system" };
}

async function playRun(runId: string, signal: AbortSignal): Promise<void> {
  const { db } = await getDbHandle();
  const [run] = await db
    .update(panelRuns)
    .set({ status: "running", startedAt: now(), heartbeatAt: now() })
    .where(and(eq(panelRuns.id, runId), eq(panelRuns.status, "queued")))
    .returning();
  if (!run) return;
  const controller = new AbortController();
  const stop = AbortSignal.any([signal, controller.signal]);
  const heartbeat = setInterval(() => {
    beat(db, runId)
      .then((cancelRequested) => cancelRequested && controller.abort())
      .catch(() => {});
  }, HEARTBEAT_MS);
  const log = new RunEventLog(db, runId, panelBus());
  const turns: PanelTurn[] = [];
  const observations = new Observations();
  let stopped: PanelError | null = null;
  try {
    const org = await orgRefOf(db, run.orgId);
    const caller = await actorOf(db, run.startedBy);
    const personas = await seatPersonas(
      db,
      run.seats.map((seat) => seat.agent_id),
    );
    stopped = await playTurns({ db, run, org, caller, personas, log, signal: stop }, turns, observations);
  } catch (error) {
    getLogger().error({ err: error, run_id: runId }, "panel run failed");
    stopped = { code: "internal", message: "The run failed on the server" };
  } finally {
    clearInterval(heartbeat);
  }
  await endRun(db, run, turns, log, stopped, stop.aborted);
  // The viewer has its run_ended; the worker is done once the bookkeeping is written.
  await observations.write();
}

/**
 * What each turn tells the reputation system, written once the run has ended, in turn order:
 * each is a locked, audited reputation write, and none of it should stand between one turn and
 * the next, or between the last turn and `run_ended`.
 */
class Observations {
  private readonly pending: (() => Promise<void>)[] = [];

  add(write: () => Promise<void>): void {
    this.pending.push(write);
  }

  async write(): Promise<void> {
    for (const write of this.pending) await write();
  }
}

/** Writes the heartbeat; says whether a cancel was asked for (from an instance the bus missed). */
async function beat(db: DbOrTx, runId: string): Promise<boolean> {
  const [row] = await db
    .update(panelRuns)
    .set({ heartbeatAt: now() })
    .where(and(eq(panelRuns.id, runId), eq(panelRuns.status, "running")))
    .returning({ cancelRequestedAt: panelRuns.cancelRequestedAt });
  return row?.cancelRequestedAt != null;
}

type RunSetup = {
  db: DbOrTx;
  run: PanelRun;
  org: OrgRef;
  caller: Actor;
  personas: Map<string, AgentPersona>;
  log: RunEventLog;
  signal: AbortSignal;
};

/** Plays every turn, in order, into `turns`; returns why the run stopped early, if it did. */
function playTurns(
  setup: RunSetup,
  turns: PanelTurn[],
  observations: Observations,
): Promise<PanelError | null> {
  return playAll(setup, turns, (index, seat) =>
    observations.add(async () => {
      turns[index] = await recordTurnUse(setup.db, { ...setup, seat }, turns[index] as PanelTurn);
    }),
  );
}

async function playAll(
  setup: RunSetup,
  turns: PanelTurn[],
  observe: (index: number, seat: PanelRun["seats"][number]) => void,
): Promise<PanelError | null> {
  const { run } = setup;
  const transcript: TranscriptLine[] = [];
  const total = run.rounds * run.seats.length;
  for (let round = 1; round <= run.rounds; round++) {
    for (const seat of run.seats) {
      if (setup.signal.aborted) return null;
      const index = turns.length;
      const { turn, stopRun } = await playTurn({ ...setup, seat, index, round, transcript });
      turns.push(turn);
      observe(index, seat);
      if (stopRun) {
        return {
          code: stopRun.code,
          message: `Stopped before turn ${index + 1} of ${total}: ${stopRun.message}`,
        };
      }
      if (turn.status === "completed") {
        transcript.push({ agentName: seat.agent_name, language: seat.language, round, text: turn.text });
      }
    }
  }
  return null;
}

/** Settles the run's fee (charged once a turn completed, else released) and closes the run. */
async function endRun(
  db: DbOrTx,
  run: PanelRun,
  turns: PanelTurn[],
  log: RunEventLog,
  stopped: PanelError | null,
  cancelled: boolean,
): Promise<void> {
  const anyCompleted = turns.some((turn) => turn.status === "completed");
  let feeMicros = 0n;
  if (run.feeHoldId) {
    if (anyCompleted) {
      const settled = await settleHeldCredits({
        id: run.feeHoldId,
        actualMicros: getEnv().prices.workflowExecution,
        metadata: { service: "workflow", route: "/api/v1/panel/runs", run_id: run.id },
      });
      feeMicros = settled.chargedMicros;
    } else {
      await releaseReservation(db, run.feeHoldId);
    }
  }
  const error =
    stopped ??
    (!anyCompleted && !cancelled
      ? { code: "provider_unavailable", message: "No turn could be answered" }
      : null);
  const status = cancelled && !stopped ? "cancelled" : error ? "failed" : "completed";
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .update(panelRuns)
      .set({
        status,
        error,
        endedAt: now(),
        feeMicros,
        feeTransferId: feeMicros > 0n ? `usage:${run.feeHoldId}` : null,
      })
      .where(and(eq(panelRuns.id, run.id), eq(panelRuns.status, "running")))
      .returning();
    // Failed meanwhile by the stale-run job, which wrote the run's end itself.
    if (ended) await log.write(tx, "run_ended", { status, error, totals: totalsOf(ended, turns) });
  });
  log.announce();
}
