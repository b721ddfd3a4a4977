import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { connectPostgres, openPglite } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { adminUrl, databaseUrlFor } from "./pg-url";

// Migrating once and cloning per test file is much faster than migrating per file:
// PostgreSQL clones with CREATE DATABASE ... TEMPLATE, PGlite loads a dump of its data dir.

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string | null;
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `brikk_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
    const admin = connectPostgres(adminUrl(url), { max: 1 });
    await admin.db.execute(sql.raw(`create database ${template}`));
    const tpl = connectPostgres(databaseUrlFor(url, template), { max: 1 });
    await applyMigrations(tpl, { url: databaseUrlFor(url, template) });
    await tpl.close();
    project.provide("pgTemplate", template);
    project.provide("pgliteTemplate", null);
    return async () => {
      await admin.db.execute(sql.raw(`drop database if exists ${template} with (force)`));
      await admin.close();
    };
  }
  const handle = await openPglite("memory://");
  await applyMigrations(handle);
  const dump = await handle.pglite?.dumpDataDir("gzip");
  await handle.close();
  if (!dump) throw new Error("PGlite dump failed");
  const file = path.join(tmpdir(), `brikk-pglite-template-${process.pid}.tar.gz`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgTemplate", null);
  project.provide("pgliteTemplate", file);
}
