import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { idColumn, softDelete, timestampColumn, timestamps } from "./_columns";
import { organizations } from "./orgs";
import { users } from "./users";

/** An agent's voice on a panel: its system prompt, the model it asks for and its language (ISO 639-1). */
export type AgentPersona = { system_prompt: string; model: string; language: string };

export const AGENT_STATUSES = ["active", "inactive"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const agentStatusEnum = pgEnum("agent_status", AGENT_STATUSES);

export const agents = pgTable(
  "agents",
  {
    id: idColumn("agent"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text(),
    status: agentStatusEnum().notNull().default("active"),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Public agents can be read and rated by any organization and appear on the leaderboard. */
    public: boolean().notNull().default(false),
    /** What the agent says and how, when it takes a seat on a panel (the system prompt it speaks with). */
    persona: jsonb().$type<AgentPersona>(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
    ...softDelete,
  },
  (t) => [index().on(t.orgId, t.createdAt), index().on(t.orgId, t.status)],
);

export const API_KEY_KINDS = ["agent", "management"] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];
export const apiKeyKindEnum = pgEnum("api_key_kind", API_KEY_KINDS);

export const apiKeys = pgTable(
  "api_keys",
  {
    /** Stable across rotations: the public id a signed request names in X-Brikk-Key-Id. */
    id: idColumn("apiKey"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Null for management keys, which act for the organization rather than one agent. */
    agentId: text().references(() => agents.id, { onDelete: "cascade" }),
    kind: apiKeyKindEnum().notNull(),
    name: text().notNull(),
    /** First characters of the secret, for recognising a key in lists; never enough to use it. */
    prefix: text().notNull(),
    /** HMAC-SHA256 of the secret with the server pepper. The secret itself is never stored. */
    digest: text().notNull(),
    /** The secret replaced by the last rotation keeps working until `previousExpiresAt`. */
    previousDigest: text(),
    previousPrefix: text(),
    previousExpiresAt: timestampColumn(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestampColumn(),
    revokedAt: timestampColumn(),
    lastUsedAt: timestampColumn(),
    rotatedAt: timestampColumn(),
    /** Requests per minute for this key, overriding the route's policy. */
    rateLimitPerMin: integer(),
    /** Daily spend caps in micro-dollars (1 USD = 1,000,000); null follows the server's default. */
    softCapUsdMicros: bigint({ mode: "bigint" }),
    hardCapUsdMicros: bigint({ mode: "bigint" }),
    requireSignature: boolean().notNull().default(false),
    /** AES-256-GCM ciphertext of the HMAC signing secret (separate from the API key). */
    signingSecretEncrypted: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.digest), index().on(t.previousDigest), index().on(t.orgId, t.agentId)],
);

export type Agent = typeof agents.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
