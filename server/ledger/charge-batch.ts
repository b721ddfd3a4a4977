import { arrayLiteralIfArray } from "@/db/client";
import { pgErrorOf } from "@/db/pg-error";
import type { MessageLog } from "@/db/schema";
import { getDbHandle } from "../platform/db";
import { GroupCommit } from "../platform/group-commit";
import { insufficientCredits, isOutOfCredits, type TransferInput } from "./transfer";

// Group commit for paid calls (see platform/group-commit.ts): concurrent usage charges go to the
// ledger in one statement; balances move by each account's net delta. A call's own record (its
// message log) is written in the same statement, and only when its charge is new: a charge and
// its log land together or not at all, whatever crashes, and a retry of the same call (same
// transfer id) writes neither again.

/** The record of a paid call, written in its charge's commit. */
export type CallLog = Omit<MessageLog, "request" | "response"> & {
  request: Record<string, unknown>;
  response: Record<string, unknown>;
};

export type UsageCharge = {
  id: string;
  orgId: string;
  customerAccountId: string;
  shardAccountId: string;
  amount: bigint;
  description: string;
  metadata: Record<string, unknown>;
  log?: CallLog;
};

/** `created`: false when a charge with this id was already in the ledger (nothing moved now). */
export type ChargeOutcome = { created: boolean };

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
  ), logs as (
    insert into message_logs (id, org_id, agent_id, key_id, user_id, endpoint, request_id, request, response,
      request_bytes, response_bytes, latency_ms, status, created_at)
    select l.id, l.org_id, l.agent_id, l.key_id, l.user_id, l.endpoint, l.request_id, l.request, l.response,
      l.request_bytes, l.response_bytes, l.latency_ms, l.status, l.created_at
    from unnest($8::text::text[], $9::text::text[], $10::text::text[], $11::text::text[], $12::text::text[],
      $13::text::text[], $14::text::echo_endpoint[], $15::text::text[], $16::text::jsonb[], $17::text::jsonb[],
      $18::text::int[], $19::text::int[], $20::text::int[], $21::text::int[], $22::text::timestamptz[])
      as l(transfer_id, id, org_id, agent_id, key_id, user_id, endpoint, request_id, request, response,
           request_bytes, response_bytes, latency_ms, status, created_at)
    join t on t.id = l.transfer_id
    returning 1
  )
  select ledger_assert((select count(*) from moved) = (select count(*) from deltas), 'ledger account missing')
    as checked,
    (select count(*) from logs)::int as logs,
    coalesce((select json_agg(id) from t), '[]') as created`;

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

const RETRYABLE = new Set(["40001", "40P01"]); // serialization failure, deadlock

/**
 * The exact path (a batch failed, most often because one org ran out): this charge and its log
 * alone, in the same single statement, so each caller gets its own answer. A deadlock with another
 * instance's batch is retried: the statement is all-or-nothing, so a retry cannot charge twice.
 */
export function chargeAloneWith(write: (charges: UsageCharge[]) => Promise<ChargeOutcome[]>) {
  return async (charge: UsageCharge): Promise<ChargeOutcome> => {
    for (let attempt = 1; ; attempt++) {
      try {
        // One charge in, one outcome out.
        return (await write([charge]))[0] as ChargeOutcome;
      } catch (error) {
        if (RETRYABLE.has(String(pgErrorOf(error).code)) && attempt < 5) continue;
        if (isOutOfCredits(error))
          throw await insufficientCredits((await getDbHandle()).db, toTransfer(charge));
        throw error;
      }
    }
  };
}

export class UsageBatcher {
  private readonly commits: GroupCommit<UsageCharge, ChargeOutcome>;

  constructor(
    writeBatch: (charges: UsageCharge[]) => Promise<ChargeOutcome[]> = writeUsageBatch,
    writeOne: (charge: UsageCharge) => Promise<ChargeOutcome> = chargeAloneWith(writeUsageBatch),
  ) {
    this.commits = new GroupCommit({
      writeBatch,
      writeOne,
      idOf: (charge) => charge.id,
      // One prepared statement beats a transaction of three even for a lone charge.
      batchSingles: true,
    });
  }

  /** Resolves once the charge is in the ledger; rejects with 402 when the org lacks credits. */
  charge(charge: UsageCharge): Promise<ChargeOutcome> {
    return this.commits.submit(charge);
  }
}

async function writeUsageBatch(charges: UsageCharge[]): Promise<ChargeOutcome[]> {
  const column = (pick: (c: UsageCharge) => string) => arrayLiteralIfArray(charges.map(pick));
  const logged = charges.filter((c): c is UsageCharge & { log: CallLog } => c.log !== undefined);
  const logColumn = (pick: (c: UsageCharge & { log: CallLog }) => string | number | null) =>
    arrayLiteralIfArray(logged.map(pick));
  const [row] = await (await getDbHandle()).query<{ created: string[] }>(BATCH_SQL, [
    column((c) => c.id),
    column((c) => c.orgId),
    column((c) => c.amount.toString()),
    column((c) => c.customerAccountId),
    column((c) => c.shardAccountId),
    column((c) => c.description),
    column((c) => JSON.stringify(c.metadata)),
    logColumn((c) => c.id),
    logColumn((c) => c.log.id),
    logColumn((c) => c.log.orgId),
    logColumn((c) => c.log.agentId),
    logColumn((c) => c.log.keyId),
    logColumn((c) => c.log.userId),
    logColumn((c) => c.log.endpoint),
    logColumn((c) => c.log.requestId),
    logColumn((c) => JSON.stringify(c.log.request)),
    logColumn((c) => JSON.stringify(c.log.response)),
    logColumn((c) => c.log.requestBytes),
    logColumn((c) => c.log.responseBytes),
    logColumn((c) => c.log.latencyMs),
    logColumn((c) => c.log.status),
    logColumn((c) => c.log.createdAt.toISOString()),
  ]);
  const created = new Set(row?.created);
  return charges.map((c) => ({ created: created.has(c.id) }));
}

const BATCHER_KEY = Symbol.for("brikk.usagebatcher");
type Holder = { [BATCHER_KEY]?: UsageBatcher };

export function usageBatcher(): UsageBatcher {
  const holder = globalThis as Holder;
  holder[BATCHER_KEY] ??= new UsageBatcher();
  return holder[BATCHER_KEY];
}
