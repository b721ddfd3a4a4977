import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ledgerAccounts } from "@/db/schema";
import { getEnv } from "../platform/env";

// Account ids are derived, not looked up: an org's accounts and the system accounts are known
// from their names, so a transfer never needs a read to find where money goes.

export const customerAccountId = (orgId: string) => `org:${orgId}:credits`;
export const receivableAccountId = (orgId: string) => `org:${orgId}:receivable`;
export const STRIPE_CLEARING_ACCOUNT_ID = "stripe_clearing";

const shardLists = new WeakMap<object, readonly string[]>();

/** Every shard of system_revenue; revenue is their sum. (Computed once per configuration.) */
export function revenueShardIds(): readonly string[] {
  const { ledger } = getEnv();
  let shards = shardLists.get(ledger);
  if (!shards) {
    const { revenueAccountId, revenueShards } = ledger;
    shards = Array.from(
      { length: revenueShards },
      (_, i) => `${revenueAccountId}#${String(i).padStart(2, "0")}`,
    );
    shardLists.set(ledger, shards);
  }
  return shards;
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

/** System accounts, created on every start (no-op when present). */
export async function ensureSystemAccounts(db: DbOrTx): Promise<void> {
  await db
    .insert(ledgerAccounts)
    .values([
      ...revenueShardIds().map((id) => ({ id, kind: "revenue" as const })),
      { id: operationsAccountId(), kind: "operations" as const },
      { id: STRIPE_CLEARING_ACCOUNT_ID, kind: "clearing" as const },
    ])
    .onConflictDoNothing();
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

/** Accounts for organizations that existed before the ledger did. */
export async function backfillOrgAccounts(db: DbOrTx): Promise<void> {
  await db.execute(sql`
    insert into ledger_accounts (id, org_id, kind)
    select 'org:' || o.id || ':' || k.suffix, o.id, k.kind::ledger_account_kind
    from organizations o
    cross join (values ('credits', 'customer'), ('receivable', 'receivable')) as k(suffix, kind)
    where not o.system
    on conflict do nothing`);
}
