import { boolean, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn, timestamps } from "./_columns";

// Column names follow what @auth/drizzle-adapter expects (it links GitHub accounts to users).
export const users = pgTable("users", {
  id: idColumn("user"),
  name: text(),
  email: text().notNull().unique(),
  emailVerified: timestampColumn(),
  image: text(),
  /** argon2id hash; null for users who only sign in through OAuth. */
  passwordHash: text(),
  isPlatformAdmin: boolean().notNull().default(false),
  ...timestamps,
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
