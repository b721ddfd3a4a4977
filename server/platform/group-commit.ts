import { pgErrorOf } from "@/db/pg-error";

// Group commit: while one batch is being written, the items that arrive queue up and go together
// in the next statement: one round trip and one commit for many calls under load, no added wait
// when idle. A batch that fails (most often one org out of credits), or items the batch could not
// take, are written one at a time so each caller gets its own, correct answer.

/** What a batch writer returns for an item it could not take: write it alone. */
export const ALONE = Symbol("alone");

const RETRYABLE = new Set(["40001", "40P01"]);

type Pending<Item, Result> = {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
};

export type GroupCommitOptions<Item, Result> = {
  /** Writes many items in one statement; one result (or ALONE) per item, in order. */
  writeBatch: (items: Item[]) => Promise<(Result | typeof ALONE)[]>;
  /** Writes one item on its own (the exact, slower path). */
  writeOne: (item: Item) => Promise<Result>;
  /** Items that must not share a statement (a repeated id would be inserted once, moved twice). */
  idOf: (item: Item) => string;
  /** Whether a lone item goes through writeBatch too (cheaper when writeOne is a transaction). */
  batchSingles?: boolean;
  maxBatch?: number;
};

export class GroupCommit<Item, Result> {
  private queue: Pending<Item, Result>[] = [];
  private writing = false;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0, this.options.maxBatch ?? 64));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending<Item, Result>[]): Promise<void> {
    const { writeBatch, writeOne, idOf, batchSingles = false } = this.options;
    let alone = batch;
    const distinct = new Set(batch.map((p) => idOf(p.item))).size === batch.length;
    if ((batch.length > 1 || batchSingles) && distinct) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          const results = await writeBatch(batch.map((p) => p.item));
          alone = [];
          batch.forEach((p, i) => {
            const result = results[i] as Result | typeof ALONE;
            if (result === ALONE) alone.push(p);
            else p.resolve(result);
          });
          break;
        } catch (error) {
          if (!RETRYABLE.has(pgErrorOf(error).code ?? "")) break;
        }
      }
    }
    await Promise.all(
      alone.map((p) =>
        writeOne(p.item).then(
          (result) => p.resolve(result),
          (error: unknown) => p.reject(error),
        ),
      ),
    );
  }
}
