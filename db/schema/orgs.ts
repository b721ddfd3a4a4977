import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn, timestamps } from "./_columns";
import { users } from "./users";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum("role", ROLES);

export const organizations = pgTable("organizations", {
  id: idColumn("org"),
  name: text().notNull(),
  slug: text().notNull().unique(),
  /** The organization created with a user's account; it cannot be left by its owner. */
  personal: boolean().notNull().default(false),
  /** System organizations own platform records (ledger accounts, etc.) and have no members. */
  system: boolean().notNull().default(false),
  createdBy: text().references(() => users.id, { onDelete: "set null" }),
  ...timestamps,
});

export const memberships = pgTable(
  "memberships",
  {
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index().on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: idColumn("invitation"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: roleEnum().notNull(),
    /** SHA-256 of the token in the invite link; the token itself is shown once to the inviter. */
    tokenHash: text().notNull().unique(),
    invitedBy: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestampColumn().notNull(),
    acceptedAt: timestampColumn(),
    acceptedBy: text().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestampColumn(),
    ...timestamps,
  },
  (t) => [
    index().on(t.orgId),
    index().on(t.expiresAt),
    // At most one open invitation per email and organization.
    uniqueIndex("invitations_open_email_idx")
      .on(t.orgId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
