import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";
import { agents } from "./agents";

// Reputation: immutable events, the decayed evidence they add up to per (agent, dimension, rater),
// the agent's aggregate per dimension (what reads and the leaderboard use) and daily snapshots.

export const REPUTATION_DIMENSIONS = ["overall", "success_rate", "response_time", "reliability"] as const;
export type ReputationDimension = (typeof REPUTATION_DIMENSIONS)[number];
export const reputationDimensionEnum = pgEnum("reputation_dimension", REPUTATION_DIMENSIONS);

export const REPUTATION_SOURCES = ["feedback", "observation"] as const;
export const reputationSourceEnum = pgEnum("reputation_source", REPUTATION_SOURCES);

/** Evidence one event adds, per dimension, before its weight. */
export type EventEvidence = Partial<Record<ReputationDimension, { r: number; s: number }>>;

/** The rater of system observations (measured by Brikk itself, no organization). */
export const SYSTEM_RATER = "system";

export const reputationEvents = pgTable(
  "reputation_events",
  {
    id: idColumn("reputationEvent"),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    /** The rating organization, or `system` for Brikk's own observations (hence no foreign key). */
    raterOrgId: text().notNull(),
    /** The rater is the agent's own organization: stored and shown to it, never public. */
    internal: boolean().notNull(),
    source: reputationSourceEnum().notNull(),
    rating: smallint(),
    evidence: jsonb().$type<EventEvidence>().notNull(),
    /** Fixed when written, never re-weighted later. */
    weight: doublePrecision().notNull(),
    weightReasons: text().array().notNull().default(sql`'{}'::text[]`),
    interactionId: text(),
    outcome: text(),
    latencyMs: integer(),
    comment: text(),
    /** The rater's UTC day: one feedback without an interaction per rater, agent and day. */
    day: date({ mode: "string" }).notNull(),
    /** Flagged by the burst rule (young orgs rating in a burst). */
    anomaly: boolean().notNull().default(false),
    /** How much the event moved the overall mean it counts toward (public, or internal for its own org). */
    overallDelta: doublePrecision(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.agentId, t.createdAt),
    index().on(t.raterOrgId, t.createdAt),
    uniqueIndex("reputation_events_rater_interaction")
      .on(t.raterOrgId, t.interactionId)
      .where(sql`${t.interactionId} is not null`),
    uniqueIndex("reputation_events_rater_agent_day")
      .on(t.raterOrgId, t.agentId, t.day)
      .where(sql`${t.interactionId} is null and ${t.source} = 'feedback'`),
  ],
);

/** Decayed, weighted evidence per (agent, dimension, rater), as of `asOf`. */
export const reputationEvidence = pgTable(
  "reputation_evidence",
  {
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    dimension: reputationDimensionEnum().notNull(),
    raterOrgId: text().notNull(),
    internal: boolean().notNull(),
    r: doublePrecision().notNull(),
    s: doublePrecision().notNull(),
    events: integer().notNull(),
    asOf: timestampColumn().notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.dimension, t.raterOrgId] })],
);

/**
 * The agent's public score per dimension (external evidence, share cap applied), refreshed by each
 * event and by the nightly recompute: what score reads and the leaderboard use.
 */
export const reputationScores = pgTable(
  "reputation_scores",
  {
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    dimension: reputationDimensionEnum().notNull(),
    r: doublePrecision().notNull(),
    s: doublePrecision().notNull(),
    mean: doublePrecision().notNull(),
    lower: doublePrecision().notNull(),
    upper: doublePrecision().notNull(),
    stars: doublePrecision().notNull(),
    evidence: doublePrecision().notNull(),
    raters: integer().notNull(),
    asOf: timestampColumn().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.dimension] }),
    index("reputation_scores_rank").on(t.dimension, t.lower.desc(), t.agentId),
  ],
);

/** How many events an agent has, kept with them (a count over a popular agent's events is slow). */
export const reputationCounts = pgTable("reputation_counts", {
  agentId: text()
    .primaryKey()
    .references(() => agents.id, { onDelete: "cascade" }),
  external: integer().notNull().default(0),
  internal: integer().notNull().default(0),
});

/** One row per agent, dimension and UTC day: the history chart's series. */
export const reputationSnapshots = pgTable(
  "reputation_snapshots",
  {
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    dimension: reputationDimensionEnum().notNull(),
    day: date({ mode: "string" }).notNull(),
    mean: doublePrecision().notNull(),
    lower: doublePrecision().notNull(),
    upper: doublePrecision().notNull(),
    stars: doublePrecision().notNull(),
    evidence: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.dimension, t.day] })],
);

/**
 * An exchange Brikk itself recorded between an organization and an agent (a panel turn in which
 * the agent sat as a guest in the org's run). Feedback naming one weighs double: the rater
 * provably used the agent.
 */
export const agentInteractions = pgTable(
  "agent_interactions",
  {
    id: idColumn("interaction"),
    /** The organization that used the agent (and pays for it). */
    orgId: text().notNull(),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    /** What the interaction was part of (a panel run's turn), for the owner's records. */
    reference: text(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [index().on(t.agentId, t.orgId)],
);

export type ReputationEvent = typeof reputationEvents.$inferSelect;
export type ReputationScoreRow = typeof reputationScores.$inferSelect;
