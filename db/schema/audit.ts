import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";
import { organizations } from "./orgs";

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEvents = pgTable(
  "audit_events",
  {
    id: idColumn("audit"),
    /** Null only for platform-level events (e.g. granting platform admin, unknown-email sign-ins). */
    orgId: text().references(() => organizations.id, { onDelete: "cascade" }),
    /** The hash chain this row belongs to: its org id, or `platform`. */
    chain: text(),
    /** Position in the chain, from 1. Null only for rows written before chaining existed. */
    seq: bigint({ mode: "number" }),
    /** `user:<id>`, `key:<id>`, `system`, `cli` or `webhook:<source>`. */
    actor: text().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    outcome: text().$type<AuditOutcome>().notNull().default("success"),
    ip: text(),
    userAgent: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
    createdAt: timestampColumn().notNull().defaultNow(),
    /** SHA-256 (hex) of the previous row of the same chain; the genesis value for the first. */
    prevHash: text(),
    /** SHA-256 (hex) of this row's content and `prevHash`. */
    hash: text(),
  },
  (t) => [index().on(t.orgId, t.createdAt), uniqueIndex().on(t.chain, t.seq), index().on(t.orgId, t.action)],
);

/**
 * The last link of each chain. Appending locks this row (SELECT … FOR UPDATE), so concurrent
 * writers to one chain queue up instead of forking it, and nobody scans for the latest row.
 */
export const auditChainHeads = pgTable("audit_chain_heads", {
  chain: text().primaryKey(),
  seq: bigint({ mode: "number" }).notNull().default(0),
  hash: text().notNull(),
  updatedAt: timestampColumn().notNull().default(sql`now()`),
});

export type AuditEvent = typeof auditEvents.$inferSelect;
