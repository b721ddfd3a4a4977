import { arrayLiteralIfArray } from "@/db/client";
import { postTransfer, type TransferInput } from "../ledger/transfer";
import { getDbHandle } from "../platform/db";
import { GroupCommit } from "../platform/group-commit";

// Group commit for paid calls (see platform/group-commit.ts): concurrent usage charges go to the
// ledger in one statement; balances move by each account's net delta. A lone charge is posted at
// once through the ordinary transfer path.

export type UsageCharge = {
  id: string;
  orgId: string;
  customerAccountId: string;
  shardAccountId: string;
  amount: bigint;
  description: string;
  metadata: Record<string, unknown>;
};

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
  private readonly commits: GroupCommit<UsageCharge, undefined>;

  constructor(
    writeBatch: (charges: UsageCharge[]) => Promise<void> = writeUsageBatch,
    writeOne: (charge: UsageCharge) => Promise<unknown> = async (charge) =>
      postTransfer(await (await getDbHandle()).db, toTransfer(charge)),
  ) {
    this.commits = new GroupCommit({
      writeBatch: async (charges) => {
        await writeBatch(charges);
        return charges.map(() => undefined);
      },
      writeOne: async (charge) => {
        await writeOne(charge);
        return undefined;
      },
      idOf: (charge) => charge.id,
    });
  }

  /** Resolves once the charge is in the ledger; rejects with 402 when the org lacks credits. */
  charge(charge: UsageCharge): Promise<void> {
    return this.commits.submit(charge);
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
