import { index, integer, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";
import { agents } from "./agents";
import { organizations } from "./orgs";

export const ECHO_ENDPOINTS = ["echo", "coordination_echo"] as const;
export type EchoEndpoint = (typeof ECHO_ENDPOINTS)[number];
export const echoEndpointEnum = pgEnum("echo_endpoint", ECHO_ENDPOINTS);

/** One row per echo call: what came in, what went out, how big and how long. */
export const messageLogs = pgTable(
  "message_logs",
  {
    id: idColumn("message"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The agent whose key made the call; null when a dashboard user sent it. */
    agentId: text().references(() => agents.id, { onDelete: "set null" }),
    keyId: text(),
    userId: text(),
    endpoint: echoEndpointEnum().notNull(),
    requestId: text().notNull(),
    request: jsonb().$type<Record<string, unknown>>().notNull(),
    response: jsonb().$type<Record<string, unknown>>().notNull(),
    requestBytes: integer().notNull(),
    responseBytes: integer().notNull(),
    latencyMs: integer().notNull(),
    status: integer().notNull(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.id), index().on(t.orgId, t.agentId, t.id)],
);

export type MessageLog = typeof messageLogs.$inferSelect;
