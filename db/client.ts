import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import {
  drizzle as drizzlePostgres,
  type PostgresJsDatabase,
  type PostgresJsQueryResultHKT,
} from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

// Both drivers expose the same drizzle query builder. The app is typed against the postgres-js
// flavour; the PGlite database is the same API over an in-process engine.
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = PgTransaction<
  PostgresJsQueryResultHKT,
  typeof schema,
  ExtractTablesWithRelations<typeof schema>
>;
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
  /** The PGlite instance, when there is one (tests dump it to clone databases). */
  pglite?: PGlite;
  /**
   * One parameterised statement, prepared once per connection, straight to the driver. For the
   * few statements on every request's path, where building SQL through drizzle each time costs
   * more than the round trip (see bench/README.md); everything else uses `db`.
   */
  query<Row = Record<string, unknown>>(text: string, params: unknown[]): Promise<Row[]>;
};

/**
 * `db.execute()` returns an array of rows on postgres.js and `{ rows }` on PGlite; raw SQL reads
 * go through this so callers see rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * drizzle sets postgres.js up to pass values through as text, so arrays (for `unnest`) go as
 * PostgreSQL array literals: `{"a","b",NULL}`, each element quoted and escaped.
 */
export function arrayLiteralIfArray(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const items = value.map((item) =>
    item === null || item === undefined
      ? "NULL"
      : `"${String(item).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`,
  );
  return `{${items.join(",")}}`;
}

export function connectPostgres(url: string, options: { max?: number } = {}): DbHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    // Notices (e.g. "relation already exists, skipping") are noise in logs.
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema, casing: "snake_case" });
  return {
    db,
    driver: "postgres",
    close: () => client.end({ timeout: 5 }),
    query: async <Row>(text: string, params: unknown[]) =>
      (await client.unsafe(text, params.map(arrayLiteralIfArray) as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      })) as unknown as Row[],
  };
}

export async function openPglite(source: string | PGlite): Promise<DbHandle> {
  let pglite: PGlite;
  if (typeof source === "string") {
    if (source !== "memory://") mkdirSync(path.resolve(source), { recursive: true });
    pglite = await PGlite.create(source);
  } else {
    pglite = source;
  }
  const db = drizzlePglite(pglite, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    pglite,
    close: () => pglite.close(),
    query: async <Row>(text: string, params: unknown[]) => (await pglite.query<Row>(text, params)).rows,
  };
}

export { schema };
