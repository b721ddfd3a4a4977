import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { connectPostgres, type DbHandle } from "./client";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

// Any constant works as long as every instance uses the same one: it serialises migrators.
const MIGRATION_LOCK_KEY = 7_234_001;

/**
 * Applies pending migrations. On PostgreSQL, a session advisory lock held on one dedicated
 * connection makes instances that start together migrate one after another: the second finds
 * nothing left to do. PGlite is single-process (guarded by the data-dir lock), so no lock.
 */
export async function applyMigrations(handle: DbHandle, options: { url?: string } = {}): Promise<void> {
  if (handle.driver === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  if (!options.url) throw new Error("applyMigrations on PostgreSQL needs the connection URL");
  const dedicated = connectPostgres(options.url, { max: 1 });
  try {
    await dedicated.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await migratePostgres(dedicated.db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await dedicated.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } finally {
    await dedicated.close();
  }
}
