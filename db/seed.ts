import { sql } from "drizzle-orm";
import type { DbOrTx } from "./client";
import { ledgerAccounts, organizations } from "./schema";

/** The organization that owns platform records (system ledger accounts and the like). */
export const SYSTEM_ORG_ID = "org_system";
/** Where Stripe money is booked against credits: one account, not configurable. */
export const STRIPE_CLEARING_ACCOUNT_ID = "stripe_clearing";

/** The system ledger accounts' ids, which the deployment configures (server/platform/env.ts). */
export type SystemAccountIds = { revenue: readonly string[]; operations: string };

/**
 * Every row an installation needs before serving: the system organization, the system ledger
 * accounts, and the ledger accounts of organizations created before the ledger existed. Safe to
 * run on every start (each insert is a no-op when the row is there).
 */
export async function seedSystemRecords(db: DbOrTx, accounts: SystemAccountIds): Promise<void> {
  await db
    .insert(organizations)
    .values({ id: SYSTEM_ORG_ID, name: "Brikk platform", slug: "brikk-system", system: true })
    .onConflictDoNothing();
  await db
    .insert(ledgerAccounts)
    .values([
      ...accounts.revenue.map((id) => ({ id, kind: "revenue" as const })),
      { id: accounts.operations, kind: "operations" as const },
      { id: STRIPE_CLEARING_ACCOUNT_ID, kind: "clearing" as const },
    ])
    .onConflictDoNothing();
  await db.execute(sql`
    insert into ledger_accounts (id, org_id, kind)
    select 'org:' || o.id || ':' || k.suffix, o.id, k.kind::ledger_account_kind
    from organizations o
    cross join (values ('credits', 'customer'), ('receivable', 'receivable')) as k(suffix, kind)
    where not o.system
    on conflict do nothing`);
}
