import { arrayLiteralIfArray } from "@/db/client";
import { pgErrorOf, postTransfer, type TransferInput } from "../ledger/transfer";
import { getDbHandle } from "../platform/db";

// Group commit for paid calls. While one batch of usage charges is being written, the charges
// that arrive queue up and go together in the next statement: one round trip and one commit for
// many calls under load, no added wait when idle (a lone charge is written at once). Balances move
// by each account's net delta. If a batch fails (most often: one org ran out of credits), every
// charge in it is posted on its own, so each caller gets its own, correct answer.

export type UsageCharge = {
  id: string;
  orgId: string;
  customerAccountId: string;
  shardAccountId: string;
  amount: bigint;
  description: string;
  metadata: Record<string, unknown>;
};

const MAX_BATCH = 64;
const RETRYABLE = new Set(["40001", "40P01"]);

const BATCH_SQL = `
  with req as (
    select * from unnest($1::text::text[], $2::text::text[], $3::text::bigint[], $4::text::text[],
                         $5::text::text[], $6::text::text[], $7::text::text[])
      as r(id, org_id, amount, customer, shard, description, metadata)
  ), t as (
    insert into ledger_transfers (id, kind, org_id, amount, description, metadata)
    select id, 'usage', org_id, amount, description, metadata::jsonb from req
    on conflict (id) do nothing
    returning id
  ), x as (
    select r.id as transfer_id, r.customer as account_id, -r.amount as amount from req r join t using (id)
    union all
    select r.id, r.shard, r.amount from req r join t using (id)
  ), deltas as (
    select account_id, sum(amount)::bigint as delta from x group by account_id
  ), moved as (
    update ledger_accounts a set balance = a.balance + d.delta
    from deltas d where a.id = d.account_id
    returning a.id
  ), entries as (
    insert into ledger_entries (transfer_id, account_id, amount)
    select transfer_id, account_id, amount from x
    returning 1
  )
  select ledger_assert((select count(*) from moved) = (select count(*) from deltas), 'ledger account missing')
    as checked`;

type Pending = { charge: UsageCharge; resolve: () => void; reject: (error: unknown) => void };

function toTransfer(charge: UsageCharge): TransferInput {
  return {
    id: charge.id,
    kind: "usage",
    orgId: charge.orgId,
    description: charge.description,
    metadata: charge.metadata,
    entries: [
      { accountId: charge.customerAccountId, amount: -charge.amount },
      { accountId: charge.shardAccountId, amount: charge.amount },
    ],
  };
}

export class UsageBatcher {
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly writeBatch: (charges: UsageCharge[]) => Promise<void> = writeUsageBatch,
    private readonly writeOne: (charge: UsageCharge) => Promise<unknown> = async (charge) =>
      postTransfer(await (await getDbHandle()).db, toTransfer(charge)),
  ) {}

  /** Resolves once the charge is in the ledger; rejects with 402 when the org lacks credits. */
  charge(charge: UsageCharge): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ charge, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    // A repeated id inside one statement would be inserted once but moved twice: post those alone.
    const distinct = new Set(batch.map((p) => p.charge.id)).size === batch.length;
    if (batch.length > 1 && distinct) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          await this.writeBatch(batch.map((p) => p.charge));
          for (const p of batch) p.resolve();
          return;
        } catch (error) {
          if (!RETRYABLE.has(pgErrorOf(error).code ?? "")) break;
        }
      }
    }
    // One at a time: each caller learns its own outcome (402 for the org that ran out).
    await Promise.all(
      batch.map((p) =>
        this.writeOne(p.charge).then(
          () => p.resolve(),
          (error: unknown) => p.reject(error),
        ),
      ),
    );
  }
}

async function writeUsageBatch(charges: UsageCharge[]): Promise<void> {
  const column = (pick: (c: UsageCharge) => string) => arrayLiteralIfArray(charges.map(pick));
  await (await getDbHandle()).query(BATCH_SQL, [
    column((c) => c.id),
    column((c) => c.orgId),
    column((c) => c.amount.toString()),
    column((c) => c.customerAccountId),
    column((c) => c.shardAccountId),
    column((c) => c.description),
    column((c) => JSON.stringify(c.metadata)),
  ]);
}

const BATCHER_KEY = Symbol.for("brikk.usagebatcher");
type Holder = { [BATCHER_KEY]?: UsageBatcher };

export function usageBatcher(): UsageBatcher {
  const holder = globalThis as Holder;
  holder[BATCHER_KEY] ??= new UsageBatcher();
  return holder[BATCHER_KEY];
}
