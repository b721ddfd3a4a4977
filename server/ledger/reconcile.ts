import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { recordAuditQuietly } from "../audit/service";
import type { ServiceContext } from "../context";
import { getMetrics } from "../platform/metrics";

// Reconciliation checks the ledger's three invariants from the entries themselves: every transfer
// sums to zero, all entries together sum to zero, and every cached balance equals the sum of its
// account's entries. It reports; it never repairs (a silent fix would hide the bug that caused it).

export type ReconciliationReport = {
  ok: boolean;
  transfers: number;
  entries: number;
  /** Sum of every entry, as a decimal string of micro-credits; must be "0". */
  totalMicros: string;
  unbalancedTransfers: { id: string; sumMicros: string }[];
  balanceMismatches: { accountId: string; cachedMicros: string; entriesMicros: string }[];
  /** Entries pointing at an account or transfer that does not exist (there are no foreign keys). */
  orphanEntries: number;
  /** Accounts whose `reserved` differs from the sum of their open reservations. */
  reservedMismatches: { accountId: string; cachedMicros: string; heldMicros: string }[];
};

const LIMIT = 100;

export async function reconcileLedger(db: DbOrTx): Promise<ReconciliationReport> {
  const [totals] = rowsOf<{ transfers: string; entries: string; total: string }>(
    await db.execute(sql`
      select (select count(*) from ledger_transfers)::text as transfers,
             count(*)::text as entries,
             coalesce(sum(amount), 0)::text as total
      from ledger_entries`),
  );
  const unbalanced = rowsOf<{ id: string; sum: string }>(
    await db.execute(sql`
      select t.id, coalesce(sum(e.amount), 0)::text as sum
      from ledger_transfers t left join ledger_entries e on e.transfer_id = t.id
      group by t.id having coalesce(sum(e.amount), 0) <> 0 or count(e.id) < 2
      order by t.id limit ${LIMIT}`),
  );
  const mismatches = rowsOf<{ id: string; cached: string; entries: string }>(
    await db.execute(sql`
      select a.id, a.balance::text as cached, coalesce(s.total, 0)::text as entries
      from ledger_accounts a
      left join (select account_id, sum(amount) as total from ledger_entries group by account_id) s
        on s.account_id = a.id
      where a.balance <> coalesce(s.total, 0)
      order by a.id limit ${LIMIT}`),
  );
  const [orphans] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from ledger_entries e
      where not exists (select 1 from ledger_accounts a where a.id = e.account_id)
         or not exists (select 1 from ledger_transfers t where t.id = e.transfer_id)`),
  );
  const orphanEntries = orphans?.n ?? 0;
  const reserved = rowsOf<{ id: string; cached: string; held: string }>(
    await db.execute(sql`
      select a.id, a.reserved::text as cached, coalesce(h.total, 0)::text as held
      from ledger_accounts a
      left join (select account_id, sum(amount) as total from ledger_reservations
                 where status = 'held' group by account_id) h on h.account_id = a.id
      where a.reserved <> coalesce(h.total, 0)
      order by a.id limit ${LIMIT}`),
  );
  const report: ReconciliationReport = {
    ok:
      totals?.total === "0" &&
      unbalanced.length === 0 &&
      mismatches.length === 0 &&
      orphanEntries === 0 &&
      reserved.length === 0,
    transfers: Number(totals?.transfers ?? 0),
    entries: Number(totals?.entries ?? 0),
    totalMicros: totals?.total ?? "0",
    unbalancedTransfers: unbalanced.map((r) => ({ id: r.id, sumMicros: r.sum })),
    balanceMismatches: mismatches.map((r) => ({
      accountId: r.id,
      cachedMicros: r.cached,
      entriesMicros: r.entries,
    })),
    orphanEntries,
    reservedMismatches: reserved.map((r) => ({
      accountId: r.id,
      cachedMicros: r.cached,
      heldMicros: r.held,
    })),
  };
  getMetrics().ledgerDrift.set(
    report.unbalancedTransfers.length +
      report.balanceMismatches.length +
      report.orphanEntries +
      report.reservedMismatches.length +
      (report.totalMicros === "0" ? 0 : 1),
  );
  return report;
}

/** The scheduled check: a drift is an audit event (platform chain) and a metric, never a fix. */
export async function reconcileLedgerJob({ ctx }: { ctx: ServiceContext }): Promise<ReconciliationReport> {
  const report = await reconcileLedger(ctx.db);
  if (!report.ok) {
    await recordAuditQuietly(ctx.db, {
      orgId: null,
      actor: ctx.actor,
      action: "ledger.drift_detected",
      outcome: "failure",
      metadata: {
        total_micros: report.totalMicros,
        unbalanced_transfers: report.unbalancedTransfers.slice(0, 20),
        balance_mismatches: report.balanceMismatches.slice(0, 20),
        orphan_entries: report.orphanEntries,
        reserved_mismatches: report.reservedMismatches.slice(0, 20),
      },
    });
  }
  return report;
}
