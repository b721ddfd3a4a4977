import { text, timestamp } from "drizzle-orm/pg-core";
import { type IdKind, newId } from "../ids";

/** Prefixed, sortable text primary key generated in the application. */
export const idColumn = (kind: IdKind) =>
  text()
    .primaryKey()
    .$defaultFn(() => newId(kind));

const ts = () => timestamp({ withTimezone: true, mode: "date" });

export const timestamps = {
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const softDelete = { deletedAt: ts() };

export { ts as timestampColumn };
