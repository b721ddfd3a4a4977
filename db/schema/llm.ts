import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn } from "./_columns";
import { organizations } from "./orgs";

// The LLM gateway's price table and its metering. Prices are integers: micro-dollars per million
// tokens ($0.15/M = 150,000). A price row is valid from `effectiveFrom` until the next row of the
// same model, so history is kept and old calls stay explainable.

export const llmPrices = pgTable(
  "llm_prices",
  {
    provider: text().notNull(),
    model: text().notNull(),
    inputMicroUsdPerM: bigint({ mode: "bigint" }).notNull(),
    cachedInputMicroUsdPerM: bigint({ mode: "bigint" }).notNull(),
    outputMicroUsdPerM: bigint({ mode: "bigint" }).notNull(),
    effectiveFrom: timestampColumn().notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.model, t.effectiveFrom] })],
);

export const LLM_CALL_STATUSES = ["completed", "failed", "cut"] as const;
export type LlmCallStatus = (typeof LLM_CALL_STATUSES)[number];
export const llmCallStatusEnum = pgEnum("llm_call_status", LLM_CALL_STATUSES);

/** One row per chat completion, streamed or not, completed, failed or cut. */
export const llmUsageEvents = pgTable(
  "llm_usage_events",
  {
    id: idColumn("llmCall"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    agentId: text(),
    keyId: text(),
    userId: text(),
    requestId: text().notNull(),
    /** What the caller asked for, and who answered (differs after a fallback). */
    requestedModel: text().notNull(),
    provider: text(),
    model: text(),
    stream: boolean().notNull(),
    status: llmCallStatusEnum().notNull(),
    httpStatus: integer().notNull(),
    errorCode: text(),
    promptTokens: integer().notNull().default(0),
    cachedTokens: integer().notNull().default(0),
    completionTokens: integer().notNull().default(0),
    costMicroUsd: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    creditsMicros: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    attempts: integer().notNull().default(0),
    fallback: boolean().notNull().default(false),
    latencyMs: integer().notNull(),
    ttftMs: integer(),
    createdAt: timestampColumn().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.id), index().on(t.keyId, t.createdAt)],
);

export type LlmPrice = typeof llmPrices.$inferSelect;
export type LlmUsageEvent = typeof llmUsageEvents.$inferSelect;

/**
 * What each API key spent on LLM calls per UTC day, and what its calls in flight hold. The hard cap
 * is enforced by a conditional update on this row (spent + reserved + hold <= cap), so it holds
 * across instances; `softAlerts` is a bitmask of the soft-cap thresholds already announced today.
 */
export const apiKeyDailySpend = pgTable(
  "api_key_daily_spend",
  {
    keyId: text().notNull(),
    day: text().notNull(),
    spentMicroUsd: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    reservedMicroUsd: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    requests: integer().notNull().default(0),
    softAlerts: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);
