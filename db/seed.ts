import { backfillOrgAccounts, ensureSystemAccounts } from "@/server/ledger/accounts";
import type { DbOrTx } from "./client";
import { organizations } from "./schema";

/** The organization that owns platform records (system ledger accounts and the like). */
export const SYSTEM_ORG_ID = "org_system";

/** Creates the records every installation needs. Safe to run on every start. */
export async function seedSystemRecords(db: DbOrTx): Promise<void> {
  await db
    .insert(organizations)
    .values({ id: SYSTEM_ORG_ID, name: "Brikk platform", slug: "brikk-system", system: true })
    .onConflictDoNothing();
  await ensureSystemAccounts(db);
  await backfillOrgAccounts(db);
}
