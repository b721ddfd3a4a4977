import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, inject } from "vitest";
import { connectPostgres, type Db, type DbHandle, openPglite } from "@/db/client";
import { ensureSystemRecords, setDbForTests } from "@/server/platform/db";
import { adminUrl, databaseUrlFor } from "./pg-url";

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** A fresh, migrated database cloned from the run's template (`url`: on PostgreSQL, its address). */
export async function createTestDb(): Promise<DbHandle & { url?: string }> {
  const url = process.env.DATABASE_URL;
  const pgTemplate = inject("pgTemplate");
  if (url && pgTemplate) {
    const name = `brikk_t_${randomBytes(6).toString("hex")}`;
    const admin = connectPostgres(adminUrl(url), { max: 1 });
    await admin.db.execute(sql.raw(`create database ${name} template ${pgTemplate}`));
    await admin.close();
    const handle = connectPostgres(databaseUrlFor(url, name), { max: 8 });
    await ensureSystemRecords(handle.db);
    return {
      ...handle,
      url: databaseUrlFor(url, name),
      close: async () => {
        await handle.close();
        const dropper = connectPostgres(adminUrl(url), { max: 1 });
        await dropper.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
        await dropper.close();
      },
    };
  }
  const file = inject("pgliteTemplate");
  if (!file) throw new Error("global setup did not provide a PGlite template");
  const pglite = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(await readFile(file))]) });
  const handle = await openPglite(pglite);
  await ensureSystemRecords(handle.db);
  return handle;
}

/** Gives the test file its own database and points the whole app (routes, auth) at it. */
export function withTestDb(): { readonly db: Db; readonly handle: DbHandle & { url?: string } } {
  let handle: (DbHandle & { url?: string }) | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    setDbForTests(handle);
  });
  afterAll(async () => {
    setDbForTests(undefined);
    await handle?.close();
  });
  return {
    get db() {
      if (!handle) throw new Error("withTestDb: database not ready (use it inside tests)");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("withTestDb: database not ready");
      return handle;
    },
  };
}
