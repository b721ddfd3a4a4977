import type { DbOrTx } from "./client";
import { organizations } from "./schema";

/** The organization that owns platform records (system ledger accounts and the like). */
export const SYSTEM_ORG_ID = "org_system";

/** The rows the schema itself needs. Safe to run on every start; the server adds its own on top. */
export async function seedSystemRecords(db: DbOrTx): Promise<void> {
  await db
    .insert(organizations)
    .values({ id: SYSTEM_ORG_ID, name: "Brikk platform", slug: "brikk-system", system: true })
    .onConflictDoNothing();
}
