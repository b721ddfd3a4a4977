import { and, asc, eq, gt, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type PanelEventRow, panelEvents } from "@/db/schema";
import type { PanelBus } from "./bus";

// A run's event log: every event it streams, in order, numbered from 1 (the number is the SSE
// event id a reconnecting client sends back as Last-Event-ID). Only the run's worker appends,
// so it numbers them itself; the stale-run job, which ends a run whose worker died, takes the
// next number in SQL, and the primary key makes a worker that comes back fail instead of
// writing a second event under a number already used.

export const PANEL_EVENT_TYPES = ["turn_started", "delta", "turn_ended", "turn_failed", "run_ended"] as const;
export type PanelEventType = (typeof PANEL_EVENT_TYPES)[number];

export class RunEventLog {
  private seq = 0;

  constructor(
    private readonly db: DbOrTx,
    private readonly runId: string,
    private readonly bus: PanelBus,
  ) {}

  async append(type: PanelEventType, data: Record<string, unknown>): Promise<number> {
    const seq = await this.write(this.db, type, data);
    this.announce();
    return seq;
  }

  /**
   * Writes the event in the caller's transaction without telling anyone: call `announce` once it
   * committed (a follower woken before the commit would find nothing and wait for its next poll).
   */
  async write(db: DbOrTx, type: PanelEventType, data: Record<string, unknown>): Promise<number> {
    const seq = this.seq + 1;
    await db.insert(panelEvents).values({ runId: this.runId, seq, type, data });
    this.seq = seq;
    return seq;
  }

  /**
   * For a statement that writes events itself (with the row they describe, in one round trip):
   * the rows to insert, numbered after the last; `advance` once it succeeded.
   */
  numbered(events: [PanelEventType, Record<string, unknown>][]): SQL {
    const rows = events.map(
      ([type, data], i) =>
        sql`(${this.runId}, ${this.seq + i + 1}::integer, ${type}, ${JSON.stringify(data)}::jsonb)`,
    );
    return sql`(values ${sql.join(rows, sql`, `)}) as v(run_id, seq, type, data)`;
  }

  advance(count: number): void {
    this.seq += count;
  }

  announce(): void {
    this.bus.publish({ run: this.runId, seq: this.seq });
  }
}

/** Events after `afterSeq`, in order, at most `limit`. */
export function eventsAfter(
  db: DbOrTx,
  runId: string,
  afterSeq: number,
  limit = 500,
): Promise<PanelEventRow[]> {
  return db
    .select()
    .from(panelEvents)
    .where(and(eq(panelEvents.runId, runId), gt(panelEvents.seq, afterSeq)))
    .orderBy(asc(panelEvents.seq))
    .limit(limit);
}

/** Appends an event after whatever the log holds (for writers other than the run's worker). */
export async function appendAfterLast(
  db: DbOrTx,
  runId: string,
  type: PanelEventType,
  data: Record<string, unknown>,
): Promise<number> {
  const [row] = await db
    .insert(panelEvents)
    .values({
      runId,
      seq: sql`(select coalesce(max(seq), 0) + 1 from panel_events where run_id = ${runId})`,
      type,
      data,
    })
    .returning({ seq: panelEvents.seq });
  if (!row) throw new Error("event insert returned nothing");
  return row.seq;
}

/**
 * Tells a reader of the log when to read it again: at once when the bus said something about the
 * run since the last read, else at the next message, or after `ms` whatever happened (the bus
 * may miss a message; the log never does). Listening starts before the first read, so nothing
 * published between a read and the wait is missed.
 */
export class RunFollower {
  private dirty = true;
  private wake: (() => void) | null = null;
  private readonly unlisten: () => void;

  constructor(bus: PanelBus, runId: string) {
    this.unlisten = bus.listen(runId, () => {
      this.dirty = true;
      this.wake?.();
    });
  }

  /** Resolves true when there may be news, false when `ms` passed without any (or `signal` aborted). */
  next(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.dirty) {
      this.dirty = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (news: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
        this.wake = null;
        this.dirty = false;
        resolve(news);
      };
      const aborted = () => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      this.wake = () => finish(true);
      signal?.addEventListener("abort", aborted, { once: true });
      if (signal?.aborted) finish(false);
    });
  }

  close(): void {
    this.unlisten();
    this.wake?.();
  }
}
