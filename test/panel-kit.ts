import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { newId } from "@/db/ids";
import { ledgerReservations, panelEvents, panelRuns } from "@/db/schema";
import type { OrgContext } from "@/server/context";
import { customerAccountId } from "@/server/ledger/accounts";
import { StartRunInput } from "@/server/panel/schemas";
import { getRun, startRun } from "@/server/panel/service";
import { activeRuns } from "@/server/panel/worker";

// Panel runs for tests: one played to its end, one that merely exists (already ended, with its
// `run_ended` event, so its stream closes at once), and what the ledger says a run cost.

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

/** Starts a run and waits for it to end; returns it as GET /api/v1/panel/runs/{id} shows it. */
export async function playRun(ctx: OrgContext, input: Record<string, unknown> = {}) {
  const started = await startRun({
    ctx,
    input: StartRunInput.parse({ prompt: "Should we adopt microservices?", ...input }),
  });
  await runsSettled();
  return getRun({ ctx, input: { id: started.id } });
}

/** Micro-credits the org's account lost to the named transfers. */
export async function debitedBy(db: Db, orgId: string, transferIds: string[]): Promise<bigint> {
  if (transferIds.length === 0) return 0n;
  const [row] = rowsOf<{ total: string | null }>(
    await db.execute(sql`
      select sum(-amount)::text as total from ledger_entries
      where account_id = ${customerAccountId(orgId)} and transfer_id in ${sql.raw(`(${transferIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(",")})`)}`),
  );
  return BigInt(row?.total ?? 0);
}

/** Holds still open on the org's account (a run must leave none behind). */
export async function openHolds(db: Db, orgId: string): Promise<number> {
  const rows = await db
    .select({ id: ledgerReservations.id })
    .from(ledgerReservations)
    .where(and(eq(ledgerReservations.orgId, orgId), inArray(ledgerReservations.status, ["held"])));
  return rows.length;
}
