import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";
import { organizations } from "./orgs";

export const auditEvents = pgTable(
  "audit_events",
  {
    id: idColumn("audit"),
    /** Null only for platform-level events (e.g. granting platform admin). */
    orgId: text().references(() => organizations.id, { onDelete: "cascade" }),
    /** `user:<id>`, `key:<id>`, `system` or `webhook:<source>`. */
    actor: text().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.createdAt)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
