import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestampColumn } from "./_columns";
import { TRANSFER_KINDS, type TransferKind } from "./ledger-kinds";
import { organizations } from "./orgs";

// Double-entry credits ledger. Amounts are micro-credits (1 credit = 1,000,000) as bigint.
// Entries are immutable; a transfer's entries sum to zero; balances are cached on accounts and
// updated in the same transaction. See ARCHITECTURE.md "Ledger".

export const ACCOUNT_KINDS = ["customer", "receivable", "revenue", "operations", "clearing"] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export const accountKindEnum = pgEnum("ledger_account_kind", ACCOUNT_KINDS);

export { TRANSFER_KINDS, type TransferKind };
export const transferKindEnum = pgEnum("ledger_transfer_kind", TRANSFER_KINDS);

export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    /** `org:<id>:credits`, `org:<id>:receivable`, `system_revenue#07`, `system_ops`, `stripe_clearing`. */
    id: text().primaryKey(),
    orgId: text().references(() => organizations.id, { onDelete: "restrict" }),
    kind: accountKindEnum().notNull(),
    balance: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    /** Customer accounts only: credits held by open reservations, not spendable by other calls. */
    reserved: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [
    // What a customer can spend never goes below zero, counting what open reservations hold:
    // enforced here, not only in code. System accounts are the other side of money entering and
    // leaving. A receivable is money owed to the platform (an asset), so in this zero-sum ledger
    // its balance is zero or negative: -5 means the org owes 5 credits.
    check(
      "ledger_accounts_customer_not_negative",
      sql`${t.kind} <> 'customer' or ${t.balance} - ${t.reserved} >= 0`,
    ),
    check("ledger_accounts_receivable_not_positive", sql`${t.kind} <> 'receivable' or ${t.balance} <= 0`),
    check("ledger_accounts_reserved_not_negative", sql`${t.reserved} >= 0`),
    uniqueIndex().on(t.orgId, t.kind).where(sql`${t.kind} in ('customer', 'receivable')`),
  ],
);

export const ledgerTransfers = pgTable(
  "ledger_transfers",
  {
    /** Supplied by the caller and unique: a retry with the same id is a no-op. */
    id: text().primaryKey(),
    kind: transferKindEnum().notNull(),
    /**
     * The customer organization the transfer concerns (null for system-only movements). No
     * foreign key here or on entries: each costs a lookup on every paid call, and the single
     * statement that posts a transfer guarantees what they would (see ARCHITECTURE.md "Ledger").
     */
    orgId: text(),
    /** Sum of the positive entries: how much moved. */
    amount: bigint({ mode: "bigint" }).notNull(),
    description: text().notNull().default(""),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  // No secondary index: an org's history is read through its accounts' entries (indexed by
  // account), and every index here would be one more write on every paid call.
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigint({ mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    transferId: text().notNull(),
    accountId: text().notNull(),
    /** Signed: positive credits the account, negative debits it. Never zero. */
    amount: bigint({ mode: "bigint" }).notNull(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [
    check("ledger_entries_amount_not_zero", sql`${t.amount} <> 0`),
    index().on(t.accountId, t.id),
    index().on(t.transferId),
  ],
);

export type LedgerAccount = typeof ledgerAccounts.$inferSelect;
export type LedgerTransfer = typeof ledgerTransfers.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;

export const RESERVATION_STATUSES = ["held", "settled", "released", "expired"] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
export const reservationStatusEnum = pgEnum("ledger_reservation_status", RESERVATION_STATUSES);

/**
 * Credits set aside before a call whose price is only known afterwards (LLM calls). The hold is
 * `reserved` on the customer account; settling charges the actual amount (at most the hold) and
 * lets go of the rest; a hold never settled expires and is released by a job.
 */
export const ledgerReservations = pgTable(
  "ledger_reservations",
  {
    id: text().primaryKey(),
    orgId: text().notNull(),
    accountId: text().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    status: reservationStatusEnum().notNull().default("held"),
    /** The usage transfer that settled it. */
    transferId: text(),
    description: text().notNull().default(""),
    expiresAt: timestampColumn().notNull(),
    createdAt: timestampColumn().notNull().defaultNow(),
    closedAt: timestampColumn(),
  },
  (t) => [
    check("ledger_reservations_amount_positive", sql`${t.amount} > 0`),
    index().on(t.expiresAt).where(sql`${t.status} = 'held'`),
  ],
);

export type LedgerReservation = typeof ledgerReservations.$inferSelect;
