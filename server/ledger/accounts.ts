import type { DbOrTx } from "@/db/client";
import { ledgerAccounts } from "@/db/schema";
import { getEnv } from "../platform/env";

// Account ids are derived, not looked up: an org's accounts and the system accounts are known
// from their names, so a transfer never needs a read to find where money goes.

export const customerAccountId = (orgId: string) => `org:${orgId}:credits`;
export const receivableAccountId = (orgId: string) => `org:${orgId}:receivable`;
export { STRIPE_CLEARING_ACCOUNT_ID } from "@/db/seed";

/** Every shard of system_revenue; revenue is their sum. */
export function revenueShardIds(): readonly string[] {
  return getEnv().ledger.revenueShardIds;
}

/**
 * The revenue shard a transfer credits. Spread at random: concurrent paid calls of different
 * orgs (and of one org) land on different rows instead of queueing on one.
 */
export function pickRevenueShard(): string {
  const shards = revenueShardIds();
  return shards[Math.floor(Math.random() * shards.length)] ?? shards[0] ?? getEnv().ledger.revenueAccountId;
}

export function operationsAccountId(): string {
  return getEnv().ledger.operationsAccountId;
}

/** An organization's credit and receivable accounts (no-op when present). */
export async function ensureOrgAccounts(db: DbOrTx, orgId: string): Promise<void> {
  await db
    .insert(ledgerAccounts)
    .values([
      { id: customerAccountId(orgId), orgId, kind: "customer" },
      { id: receivableAccountId(orgId), orgId, kind: "receivable" },
    ])
    .onConflictDoNothing();
}
