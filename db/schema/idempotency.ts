import { integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestampColumn } from "./_columns";

/**
 * One row per (scope, Idempotency-Key): the request's fingerprint, and once it finished, the
 * response to replay. `scope` is the organization (or `user:<id>` for org-less session routes).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text().notNull(),
    key: text().notNull(),
    fingerprint: text().notNull(),
    state: text({ enum: ["in_progress", "completed"] }).notNull(),
    /** An in-progress claim older than this was left by a crash and may be taken over. */
    lockedUntil: timestampColumn().notNull(),
    responseStatus: integer(),
    responseHeaders: jsonb().$type<Record<string, string>>(),
    responseBody: text(),
    createdAt: timestampColumn().notNull().defaultNow(),
    expiresAt: timestampColumn().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;
