import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { type Db, rowsOf } from "@/db/client";

// A session-level advisory lock for a job that commits its own batches (no one transaction can
// hold a transaction-scoped lock for it). On PostgreSQL the lock lives on a reserved connection
// for the job's whole run, so it is released when the job ends or its process dies and the
// connection drops. PGlite is one session shared by the whole process, where an advisory lock is
// re-entrant, so there the process itself keeps the set of jobs running.

const runningInProcess = new Set<string>();

type Reservable = { reserve(): Promise<postgres.ReservedSql> };

function reservable(client: unknown): client is Reservable {
  return typeof (client as Partial<Reservable>)?.reserve === "function";
}

/** Runs `fn` holding the lock named `key`; null (without running it) when another holder has it. */
export async function withSessionLock<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T | null> {
  const client: unknown = (db as unknown as { $client: unknown }).$client;
  if (reservable(client)) {
    const connection = await client.reserve();
    try {
      const [row] = await connection`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`;
      if (row?.locked !== true) return null;
      try {
        return await fn();
      } finally {
        await connection`select pg_advisory_unlock(hashtextextended(${key}, 0))`;
      }
    } finally {
      connection.release();
    }
  }
  if (runningInProcess.has(key)) return null;
  runningInProcess.add(key);
  try {
    const [row] = rowsOf<{ locked: boolean }>(
      await db.execute(sql`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`),
    );
    if (row?.locked !== true) return null;
    try {
      return await fn();
    } finally {
      await db.execute(sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`);
    }
  } finally {
    runningInProcess.delete(key);
  }
}
