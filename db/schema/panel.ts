import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
} from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";
import { organizations } from "./orgs";

// The multilingual panel: a run (a prompt put to four seats for two rounds), its turns (one
// chat completion each, with what served it and what it cost), and its events (the durable,
// ordered log a live or late viewer replays: `seq` is the SSE event id).

export const PANEL_RUN_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type PanelRunStatus = (typeof PANEL_RUN_STATUSES)[number];
export const panelRunStatusEnum = pgEnum("panel_run_status", PANEL_RUN_STATUSES);

export const PANEL_TURN_STATUSES = ["running", "completed", "failed", "cancelled"] as const;
export type PanelTurnStatus = (typeof PANEL_TURN_STATUSES)[number];
export const panelTurnStatusEnum = pgEnum("panel_turn_status", PANEL_TURN_STATUSES);

/** A seat as the run took it: fixed when the run starts, so a later rename changes no transcript. */
export type PanelSeat = {
  seat: number;
  agent_id: string;
  agent_name: string;
  /** Another organization's public agent, billed to the running organization. */
  guest: boolean;
  language: string;
  model: string;
  /** The agent's `panel` key its turns call as (null for a guest, who calls as the running org). */
  key_id: string | null;
};

export type PanelError = { code: string; message: string };

/** One upstream attempt that did not answer, in the order the gateway tried them. */
export type PanelAttempt = { provider: string; model: string; error: string };

export const panelRuns = pgTable(
  "panel_runs",
  {
    id: idColumn("panelRun"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    status: panelRunStatusEnum().notNull().default("queued"),
    prompt: text().notNull(),
    seats: jsonb().$type<PanelSeat[]>().notNull(),
    rounds: integer().notNull(),
    /** Who started it (`user:…`, `key:…`): a guest seat's turns are billed as this caller. */
    startedBy: text().notNull(),
    /** The hold on the run's own fee (CREDITS_PER_WORKFLOW_EXECUTION), settled when it ends. */
    feeHoldId: text(),
    feeMicros: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    feeTransferId: text(),
    error: jsonb().$type<PanelError>(),
    /** The worker writes this while it runs; a run whose heartbeat stops is failed by a job. */
    heartbeatAt: timestampColumn(),
    cancelRequestedAt: timestampColumn(),
    startedAt: timestampColumn(),
    endedAt: timestampColumn(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.id), index().on(t.status, t.heartbeatAt)],
);

export const panelTurns = pgTable(
  "panel_turns",
  {
    runId: text()
      .notNull()
      .references(() => panelRuns.id, { onDelete: "cascade" }),
    index: integer().notNull(),
    round: integer().notNull(),
    seat: integer().notNull(),
    agentId: text().notNull(),
    guest: boolean().notNull(),
    language: text().notNull(),
    status: panelTurnStatusEnum().notNull().default("running"),
    /** The provider and model that actually served the turn (after any fallback). */
    provider: text(),
    model: text(),
    text: text().notNull().default(""),
    fallback: boolean().notNull().default(false),
    /** The attempts that failed before the one that served (or all of them, for a failed turn). */
    attempts: jsonb().$type<PanelAttempt[]>().notNull().default([]),
    detectedLanguage: text(),
    ttftMs: integer(),
    durationMs: integer(),
    promptTokens: integer(),
    completionTokens: integer(),
    costMicroUsd: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    creditsMicros: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    /** The turn's hold on credits and budget while it runs; its usage transfer once settled. */
    holdId: text(),
    transferId: text(),
    interactionId: text(),
    error: jsonb().$type<PanelError>(),
    startedAt: timestampColumn().notNull(),
    endedAt: timestampColumn(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.index] })],
);

export const panelEvents = pgTable(
  "panel_events",
  {
    runId: text()
      .notNull()
      .references(() => panelRuns.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    type: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export type PanelRun = typeof panelRuns.$inferSelect;
export type PanelTurn = typeof panelTurns.$inferSelect;
export type PanelEventRow = typeof panelEvents.$inferSelect;
