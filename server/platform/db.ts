import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { connectPostgres, type Db, type DbHandle, type DbOrTx, openPglite } from "@/db/client";
import { applyMigrations } from "@/db/migrate";
import { acquireDataDirLock } from "@/db/pglite-lock";
import { seedSystemRecords } from "@/db/seed";
import { getEnv } from "./env";
import { getLogger } from "./logger";

// The database is opened lazily, once per process, on first use (never during `next build`).
// The promise lives on globalThis because Next.js bundles route handlers, server components and
// instrumentation separately, and two PGlite instances on one directory would corrupt it.

type DbState = { ready: Promise<DbHandle>; handle?: DbHandle };
const DB_KEY = Symbol.for("brikk.db");
type DbHolder = { [DB_KEY]?: DbState };

/** The rows every installation needs (system org and ledger accounts), with this deployment's ids. */
export function ensureSystemRecords(db: DbOrTx): Promise<void> {
  const { ledger } = getEnv();
  return seedSystemRecords(db, { revenue: ledger.revenueShardIds, operations: ledger.operationsAccountId });
}

async function open(): Promise<DbHandle> {
  const env = getEnv();
  const log = getLogger();
  if (env.databaseUrl) {
    const handle = connectPostgres(env.databaseUrl, { max: env.dbPoolMax });
    await applyMigrations(handle, { url: env.databaseUrl });
    await ensureSystemRecords(handle.db);
    log.info({ driver: "postgres" }, "database ready");
    return handle;
  }
  const dir = path.resolve(env.dataDir, "pglite");
  // A CLI may be the first to touch a fresh data directory.
  mkdirSync(env.dataDir, { recursive: true });
  const release = acquireDataDirLock(path.resolve(env.dataDir, "pglite.lock"));
  process.once("exit", release);
  try {
    const fresh = !existsSync(path.join(dir, "PG_VERSION"));
    let handle = await openPglite(dir);
    await applyMigrations(handle);
    if (fresh) {
      // initdb leaves ~450 MB of WASM heap that PGlite never returns; reopening the freshly
      // created directory gives the process the same footprint as any later restart.
      await handle.close();
      handle = await openPglite(dir);
    }
    await ensureSystemRecords(handle.db);
    log.info({ driver: "pglite", dir }, "embedded database ready");
    return {
      ...handle,
      close: async () => {
        await handle.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

function state(): DbState {
  const holder = globalThis as DbHolder;
  if (!holder[DB_KEY]) {
    const entry: DbState = { ready: open() };
    entry.ready.then(
      (handle) => {
        entry.handle = handle;
      },
      () => {
        // A failed open is not cached: the next caller retries (e.g. PostgreSQL came back).
        if (holder[DB_KEY] === entry) delete holder[DB_KEY];
      },
    );
    holder[DB_KEY] = entry;
  }
  return holder[DB_KEY];
}

export async function getDb(): Promise<Db> {
  return (await state().ready).db;
}

export async function getDbHandle(): Promise<DbHandle> {
  return state().ready;
}

/** Tests point the whole app at their own database. */
export function setDbForTests(handle: DbHandle | undefined): void {
  const holder = globalThis as DbHolder;
  if (handle) holder[DB_KEY] = { ready: Promise.resolve(handle), handle };
  else delete holder[DB_KEY];
}

export async function closeDb(): Promise<void> {
  const holder = globalThis as DbHolder;
  const entry = holder[DB_KEY];
  delete holder[DB_KEY];
  if (entry) await (await entry.ready).close();
}
