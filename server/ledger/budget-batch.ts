import { arrayLiteralIfArray } from "@/db/client";
import { getDbHandle } from "../platform/db";
import { ALONE, GroupCommit } from "../platform/group-commit";
import { bigMin } from "../platform/money";
import { processGlobal } from "../platform/process-global";
import {
  announceThresholds,
  type BudgetHold,
  type KeyCaps,
  reserveBudget,
  settleBudget,
  utcDay,
} from "./budgets";

// Budget holds and settlements of concurrent LLM calls, group committed (platform/group-commit.ts).
// The hard cap stays exact: the holds of one key in a batch are summed and added by the same
// conditional upsert as a lone hold (spent + reserved + holds <= cap, or nothing), which
// PostgreSQL serialises on the key's day row across instances. A key whose summed holds do not
// fit gets each of its holds tried alone (reserveBudget), so every call that fits is served and
// only the ones that do not get 402.

const column = <T>(items: T[], pick: (item: T) => string) => arrayLiteralIfArray(items.map(pick));

const HOLD_SQL = `
  with req as (
    select * from unnest($1::text::text[], $2::text::text[], $3::text::bigint[], $4::text::bigint[])
      as r(key_id, day, hold, cap)
  ), sums as (
    select key_id, day, sum(hold)::bigint as hold, min(cap) as cap from req group by key_id, day
  )
  insert into api_key_daily_spend as d (key_id, day, reserved_micro_usd)
  select key_id, day, hold from sums where hold <= cap
  on conflict (key_id, day) do update set reserved_micro_usd = d.reserved_micro_usd + excluded.reserved_micro_usd
  where d.spent_micro_usd + d.reserved_micro_usd + excluded.reserved_micro_usd
        <= (select s.cap from sums s where s.key_id = d.key_id and s.day = d.day)
  returning d.key_id, d.spent_micro_usd::text as spent, d.reserved_micro_usd::text as reserved`;

type HoldRequest = { caps: KeyCaps; day: string; hold: bigint; id: string };

async function writeHolds(requests: HoldRequest[]): Promise<(BudgetHold | typeof ALONE)[]> {
  const rows = await (await getDbHandle()).query<{ key_id: string; spent: string; reserved: string }>(
    HOLD_SQL,
    [
      column(requests, (r) => r.caps.keyId),
      column(requests, (r) => r.day),
      column(requests, (r) => r.hold.toString()),
      column(requests, (r) => r.caps.hardCapMicroUsd.toString()),
    ],
  );
  const byKey = new Map(rows.map((row) => [row.key_id, row]));
  return requests.map((r) => {
    const row = byKey.get(r.caps.keyId);
    if (!row) return ALONE;
    return {
      ...r.caps,
      day: r.day,
      holdMicroUsd: r.hold,
      spentBefore: BigInt(row.spent),
      reservedAfter: BigInt(row.reserved),
    };
  });
}

const SETTLE_SQL = `
  with req as (
    select * from unnest($1::text::text[], $2::text::text[], $3::text::bigint[], $4::text::bigint[])
      as r(key_id, day, hold, charged)
  ), sums as (
    select key_id, day, sum(hold)::bigint as hold, sum(charged)::bigint as charged, count(*)::int as n
    from req group by key_id, day
  )
  update api_key_daily_spend d set
    reserved_micro_usd = d.reserved_micro_usd - s.hold,
    spent_micro_usd = d.spent_micro_usd + s.charged,
    requests = d.requests + s.n
  from sums s
  where d.key_id = s.key_id and d.day = s.day
  returning d.key_id, d.day, d.spent_micro_usd::text as spent, d.reserved_micro_usd::text as reserved,
            d.soft_alerts as alerts`;

type SettleRequest = { hold: BudgetHold; actual: bigint; context: { orgId: string; requestId: string } };
export type DaySpend = { spentMicroUsd: bigint; reservedMicroUsd: bigint };

async function writeSettles(requests: SettleRequest[]): Promise<DaySpend[]> {
  const handle = await getDbHandle();
  const charged = (r: SettleRequest) => bigMin(r.actual, r.hold.holdMicroUsd);
  const rows = await handle.query<{
    key_id: string;
    day: string;
    spent: string;
    reserved: string;
    alerts: number;
  }>(SETTLE_SQL, [
    column(requests, (r) => r.hold.keyId),
    column(requests, (r) => r.hold.day),
    column(requests, (r) => r.hold.holdMicroUsd.toString()),
    column(requests, (r) => charged(r).toString()),
  ]);
  const rowOf = (r: SettleRequest) =>
    rows.find((row) => row.key_id === r.hold.keyId && row.day === r.hold.day);
  // One announcement per key and batch at most: announceThresholds claims each threshold once.
  const announced = new Set<string>();
  for (const r of requests) {
    const row = rowOf(r);
    if (!row || announced.has(r.hold.keyId)) continue;
    announced.add(r.hold.keyId);
    await announceThresholds(handle.db, r.hold, BigInt(row.spent), row.alerts, r.context);
  }
  return requests.map((r) => {
    const row = rowOf(r);
    return { spentMicroUsd: BigInt(row?.spent ?? "0"), reservedMicroUsd: BigInt(row?.reserved ?? "0") };
  });
}

const batchers = () =>
  processGlobal("llm.budgetbatch", () => ({
    /** Budget holds have no id of their own; several of one key in a batch are summed. */
    sequence: 0,
    holds: new GroupCommit<HoldRequest, BudgetHold>({
      writeBatch: writeHolds,
      writeOne: async (r) => reserveBudget((await getDbHandle()).db, r.caps, r.hold),
      idOf: (r) => r.id,
      batchSingles: true,
    }),
    settles: new GroupCommit<SettleRequest, DaySpend>({
      writeBatch: writeSettles,
      writeOne: async (r) => settleBudget((await getDbHandle()).db, r.hold, r.actual, r.context),
      idOf: (r) => r.context.requestId,
      batchSingles: true,
    }),
  }));

/** reserveBudget, group committed: the hold, or 402 `budget_exceeded`. */
export function holdBudget(caps: KeyCaps, holdMicroUsd: bigint): Promise<BudgetHold> {
  const state = batchers();
  return state.holds.submit({ caps, day: utcDay(), hold: holdMicroUsd, id: String(++state.sequence) });
}

/** settleBudget, group committed. */
export function settleHeldBudget(
  hold: BudgetHold,
  actualMicroUsd: bigint,
  context: { orgId: string; requestId: string },
): Promise<DaySpend> {
  return batchers().settles.submit({ hold, actual: actualMicroUsd, context });
}
