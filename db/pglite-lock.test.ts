import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./pglite-lock";

const lockIn = () => path.join(mkdtempSync(path.join(tmpdir(), "brikk-lock-")), "pglite.lock");

describe("PGlite data-dir lock", () => {
  it("creates the lock with our pid and removes it on release", () => {
    const lock = lockIn();
    const release = acquireDataDirLock(lock);
    expect(JSON.parse(readFileSync(lock, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it("refuses while another live process holds it, naming that process", async () => {
    const lock = lockIn();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      writeFileSync(lock, JSON.stringify({ pid: child.pid, host: hostname(), startedAt: "earlier" }));
      expect(() => acquireDataDirLock(lock)).toThrowError(DataDirLockedError);
      expect(() => acquireDataDirLock(lock)).toThrowError(new RegExp(`pid ${child.pid}`));
    } finally {
      child.kill("SIGKILL");
    }
    // Once that process is gone (as after kill -9), the stale lock is taken over.
    await new Promise((resolve) => child.once("exit", resolve));
    const release = acquireDataDirLock(lock);
    expect(JSON.parse(readFileSync(lock, "utf8")).pid).toBe(process.pid);
    release();
  });

  it("takes over a corrupt lock file", () => {
    const lock = lockIn();
    writeFileSync(lock, "garbage");
    const release = acquireDataDirLock(lock);
    expect(JSON.parse(readFileSync(lock, "utf8")).pid).toBe(process.pid);
    release();
  });
});
