import { getEnv } from "./env";
import { getLogger } from "./logger";
import { getMetrics } from "./metrics";

// Batches rows that need not be written before the response leaves (message logs, stored
// idempotent responses): one multi-row statement every few milliseconds instead of one round
// trip per request. With BRIKK_WRITE_BEHIND_MS=0 every row is written at once and the caller
// waits for it. A crash loses at most one window of rows; a failed batch is retried row by row
// so one bad row never takes its neighbours down with it.

const MAX_BATCH = 500;

type Pending<T> = { item: T; resolve: () => void };

export class WriteBehindQueue<T> {
  private pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly writeBatch: (items: T[]) => Promise<void>,
    private readonly delayMs: () => number = () => getEnv().writeBehindMs,
  ) {}

  /**
   * Queues a row. The promise settles once it is written (never rejects: failures are logged and
   * counted), so a caller in synchronous mode can await it and a write-behind caller can ignore it.
   */
  enqueue(item: T): Promise<void> {
    return new Promise((resolve) => {
      this.pending.push({ item, resolve });
      const delay = this.delayMs();
      if (delay === 0 || this.pending.length >= MAX_BATCH) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), delay);
    });
  }

  /** Writes everything queued so far (also called at shutdown). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0, this.pending.length);
    if (batch.length === 0) return this.flushing;
    // Batches are written one after another, so rows land in the order they were queued.
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Pending<T>[]): Promise<void> {
    getMetrics().writeBehindBatch.observe({ queue: this.name }, batch.length);
    try {
      await this.writeBatch(batch.map((p) => p.item));
    } catch (batchError) {
      if (batch.length === 1) this.fail(batchError, 1);
      else {
        for (const { item } of batch) await this.writeBatch([item]).catch((error) => this.fail(error, 1));
      }
    } finally {
      for (const { resolve } of batch) resolve();
    }
  }

  private fail(error: unknown, rows: number): void {
    getMetrics().writeBehindFailures.inc({ queue: this.name }, rows);
    getLogger().error({ err: error, queue: this.name }, "write-behind row could not be written");
  }
}

/** Waits for a queued write only when writes are synchronous (BRIKK_WRITE_BEHIND_MS=0). */
export async function afterWrite(written: Promise<void>): Promise<void> {
  if (getEnv().writeBehindMs === 0) await written;
}

const QUEUES_KEY = Symbol.for("brikk.writebehind");
type Holder = { [QUEUES_KEY]?: Map<string, WriteBehindQueue<unknown>> };

/** One queue per name per process (on globalThis: Next bundles routes separately). */
export function writeBehindQueue<T>(
  name: string,
  writeBatch: (items: T[]) => Promise<void>,
): WriteBehindQueue<T> {
  const holder = globalThis as Holder;
  holder[QUEUES_KEY] ??= new Map();
  let queue = holder[QUEUES_KEY].get(name) as WriteBehindQueue<T> | undefined;
  if (!queue) {
    queue = new WriteBehindQueue(name, writeBatch);
    holder[QUEUES_KEY].set(name, queue as WriteBehindQueue<unknown>);
  }
  return queue;
}

export async function flushAllWriteBehind(): Promise<void> {
  const queues = (globalThis as Holder)[QUEUES_KEY];
  await Promise.all([...(queues?.values() ?? [])].map((q) => q.flush()));
}
