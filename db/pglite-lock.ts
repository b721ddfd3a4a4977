import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";

// PGlite has no cross-process lock, and two processes on one data directory silently lose data.
// A lock file next to the directory records the owner; a lock whose owner is gone (kill -9, a
// crash) is taken over, a lock whose owner is alive stops the second process with a clear error.

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

type LockOwner = { pid: number; host: string; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(lockPath, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(lockPath: string): () => void {
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => releaseIfOwned(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(lockPath);
    const ownedByLiveProcess =
      owner !== null && owner.pid !== process.pid && (owner.host !== me.host || isAlive(owner.pid));
    if (ownedByLiveProcess) {
      throw new DataDirLockedError(
        `The embedded database is in use by another process (pid ${owner.pid} on ${owner.host}, ` +
          `since ${owner.startedAt}). PGlite allows one process per data directory: stop that ` +
          `process, or set DATABASE_URL to use PostgreSQL. Lock file: ${lockPath}`,
      );
    }
    // Stale (owner dead, or a previous run of this very process): remove and retry the O_EXCL create.
    rmSync(lockPath, { force: true });
  }
  throw new DataDirLockedError(`Could not acquire ${lockPath}: another process keeps taking it`);
}

function releaseIfOwned(lockPath: string): void {
  if (readOwner(lockPath)?.pid === process.pid) rmSync(lockPath, { force: true });
}
