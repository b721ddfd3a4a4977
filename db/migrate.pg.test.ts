import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { describeOnPostgres } from "@/test/pg-only";
import { adminUrl, databaseUrlFor } from "@/test/pg-url";
import { connectPostgres } from "./client";
import { applyMigrations } from "./migrate";

describeOnPostgres("migrations on PostgreSQL", () => {
  const url = process.env.DATABASE_URL ?? "postgres://unset/unset";
  const name = `brikk_mig_${randomBytes(4).toString("hex")}`;
  const target = databaseUrlFor(url, name);

  afterAll(async () => {
    const admin = connectPostgres(adminUrl(url), { max: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  });

  it("applies each migration once when several instances start together", async () => {
    const admin = connectPostgres(adminUrl(url), { max: 1 });
    await admin.db.execute(sql.raw(`create database ${name}`));
    await admin.close();

    const instances = Array.from({ length: 4 }, () => connectPostgres(target, { max: 2 }));
    await Promise.all(instances.map((handle) => applyMigrations(handle, { url: target })));
    const check = instances[0];
    if (!check) throw new Error("no instance");
    const applied = await check.db.execute<{ hash: string; n: number }>(
      sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`,
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((row) => row.n === 1)).toBe(true);
    const tables = await check.db.execute<{ n: number }>(
      sql`select count(*)::int as n from information_schema.tables where table_name in ('users','organizations','memberships','invitations')`,
    );
    expect(tables[0]?.n).toBe(4);
    await Promise.all(instances.map((handle) => handle.close()));
  });
});
