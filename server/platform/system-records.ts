import type { DbOrTx } from "@/db/client";
import { seedSystemRecords } from "@/db/seed";
import { backfillOrgAccounts, ensureSystemAccounts } from "../ledger/accounts";

/** Everything an installation needs before serving: the system org, then the ledger's accounts. */
export async function ensureSystemRecords(db: DbOrTx): Promise<void> {
  await seedSystemRecords(db);
  await ensureSystemAccounts(db);
  await backfillOrgAccounts(db);
}
