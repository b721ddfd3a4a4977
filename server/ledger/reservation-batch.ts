import { arrayLiteralIfArray } from "@/db/client";
import { nowMs } from "../platform/clock";
import { getDbHandle } from "../platform/db";
import { getEnv } from "../platform/env";
import { ALONE, GroupCommit } from "../platform/group-commit";
import { getLogger } from "../platform/logger";
import { processGlobal } from "../platform/process-global";
import { customerAccountId, pickRevenueShard } from "./accounts";
import { settleDebtFromCredits } from "./flows";
import { type ReserveInput, reserveCredits, type SettleInput, settleReservation } from "./reservations";
import { insertSettledEventsSql, settledEventParams } from "./usage-events";

// The hot path of paid LLM calls: holding credits before the call and settling after it, group
// committed (platform/group-commit.ts) as one statement per batch instead of one transaction per
// call that locks the org's account row. Every batch statement keeps the ledger's invariants: the
// account CHECK (balance - reserved >= 0) refuses a batch whose holds do not fit together, and
// then each hold is taken alone by reserveCredits, which answers 402 to exactly the calls that do
// not fit. A settle the batch cannot take (the hold expired, or was already closed) goes through
// settleReservation alone.

const column = <T>(items: T[], pick: (item: T) => string) => arrayLiteralIfArray(items.map(pick));

const RESERVE_SQL = `
  with req as (
    select * from unnest($1::text::text[], $2::text::text[], $3::text::text[], $4::text::bigint[],
                         $5::text::text[], $6::text::timestamptz[])
      as r(id, org_id, account_id, amount, description, expires_at)
  ), held as (
    insert into ledger_reservations (id, org_id, account_id, amount, description, expires_at)
    select id, org_id, account_id, amount, description, expires_at from req
    returning account_id, amount
  ), deltas as (
    select account_id, sum(amount)::bigint as delta from held group by account_id
  ), moved as (
    update ledger_accounts a set reserved = a.reserved + d.delta
    from deltas d where a.id = d.account_id
    returning a.id
  )
  select ledger_assert((select count(*) from moved) = (select count(*) from deltas), 'ledger account missing')
    as checked`;

type Hold = ReserveInput & { accountId: string; expiresAt: Date };

async function writeHolds(holds: Hold[]): Promise<undefined[]> {
  await (await getDbHandle()).query(RESERVE_SQL, [
    column(holds, (h) => h.id),
    column(holds, (h) => h.orgId),
    column(holds, (h) => h.accountId),
    column(holds, (h) => h.amountMicros.toString()),
    column(holds, (h) => h.description),
    column(holds, (h) => h.expiresAt.toISOString()),
  ]);
  return holds.map(() => undefined);
}

const SETTLE_SQL = `
  with req as (
    select * from unnest($1::text::text[], $2::text::bigint[], $3::text::text[], $4::text::text[])
      as r(id, actual, shard, metadata)
  ), closed as (
    update ledger_reservations l set
      status = 'settled',
      closed_at = $5::timestamptz,
      transfer_id = case when least(r.actual, l.amount) > 0 then 'usage:' || l.id end
    from req r
    where l.id = r.id and l.status = 'held'
    returning l.id, l.org_id, l.account_id, l.amount, l.description,
              least(r.actual, l.amount) as charge, r.shard, r.metadata
  ), t as (
    insert into ledger_transfers (id, kind, org_id, amount, description, metadata)
    select 'usage:' || id, 'usage', org_id, charge, description,
           metadata::jsonb || jsonb_build_object('reservation_id', id)
    from closed where charge > 0
    returning id
  ), x as (
    select 'usage:' || c.id as transfer_id, c.account_id, -c.charge as amount from closed c where c.charge > 0
    union all
    select 'usage:' || c.id, c.shard, c.charge from closed c where c.charge > 0
  ), entries as (
    insert into ledger_entries (transfer_id, account_id, amount)
    select transfer_id, account_id, amount from x
    returning 1
  ), deltas as (
    select account_id, sum(balance_delta)::bigint as balance_delta, sum(reserved_delta)::bigint as reserved_delta
    from (
      select account_id, -charge as balance_delta, -amount as reserved_delta from closed
      union all
      select shard, charge, 0 from closed where charge > 0
    ) d
    group by account_id
  ), moved as (
    update ledger_accounts a set balance = a.balance + d.balance_delta, reserved = a.reserved + d.reserved_delta
    from deltas d where a.id = d.account_id
    returning a.id
  ), events as (
    ${insertSettledEventsSql(6)}
  )
  select c.id, c.org_id, c.charge::text as charge,
         coalesce((select -balance from ledger_accounts where id = 'org:' || c.org_id || ':receivable'), 0)::text
           as owed,
         ledger_assert((select count(*) from moved) = (select count(*) from deltas), 'ledger account missing')
           as checked
  from closed c`;

type Settled = { chargedMicros: bigint; status: string };
type SettleRow = { id: string; org_id: string; charge: string; owed: string };

async function writeSettles(
  settles: (SettleInput & { shard: string })[],
): Promise<(Settled | typeof ALONE)[]> {
  const handle = await getDbHandle();
  const rows = await handle.query<SettleRow>(SETTLE_SQL, [
    column(settles, (s) => s.id),
    column(settles, (s) => s.actualMicros.toString()),
    column(settles, (s) => s.shard),
    column(settles, (s) => JSON.stringify(s.metadata ?? {})),
    new Date(nowMs()).toISOString(),
    ...settledEventParams(
      settles.flatMap((s) => (s.usageEvent ? [{ reservationId: s.id, row: s.usageEvent }] : [])),
    ).map((values) => arrayLiteralIfArray(values)),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Freed credits repay an org's debt first (rare: debt arose while the call held credits). The
  // batch is committed by now: a failure here must not fail its calls; the next inflow of
  // credits repays the debt first anyway.
  for (const row of rows) {
    if (BigInt(row.owed) <= 0n) continue;
    await settleDebtFromCredits(handle.db, row.org_id, `debt:${row.id}`).catch((error: unknown) =>
      getLogger().error({ err: error, org_id: row.org_id }, "could not repay debt from freed credits"),
    );
  }
  return settles.map((s) => {
    const row = byId.get(s.id);
    return row ? { chargedMicros: BigInt(row.charge), status: "settled" } : ALONE;
  });
}

const batchers = () =>
  processGlobal("ledger.reservationbatch", () => ({
    holds: new GroupCommit<Hold, undefined>({
      writeBatch: writeHolds,
      writeOne: async (hold) => {
        await reserveCredits((await getDbHandle()).db, hold);
        return undefined;
      },
      idOf: (hold) => hold.id,
      batchSingles: true,
    }),
    settles: new GroupCommit<SettleInput & { shard: string }, Settled>({
      writeBatch: writeSettles,
      writeOne: async (settle) => settleReservation((await getDbHandle()).db, settle),
      idOf: (settle) => settle.id,
      batchSingles: true,
    }),
  }));

/** reserveCredits, group committed: resolves once held, rejects with 402 when it does not fit. */
export async function holdCredits(input: ReserveInput): Promise<void> {
  if (input.amountMicros <= 0n) throw new Error("a reservation must be positive");
  const ttl = input.ttlSeconds ?? getEnv().reservationTtlSeconds;
  await batchers().holds.submit({
    ...input,
    accountId: customerAccountId(input.orgId),
    expiresAt: new Date(nowMs() + ttl * 1000),
  });
}

/** settleReservation, group committed. */
export function settleHeldCredits(input: SettleInput): Promise<Settled> {
  return batchers().settles.submit({ ...input, shard: pickRevenueShard() });
}
