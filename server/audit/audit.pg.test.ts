import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { describeOnPostgres } from "@/test/pg-only";
import { recordAudit } from "./service";
import { verifyAuditChain } from "./verify";

// On PostgreSQL only: PGlite runs one statement at a time, so appends there could never race.

const t = withTestDb();

describeOnPostgres("audit hash chain under concurrency", () => {
  it("never forks: 40 concurrent appends to one org's chain link one after another", async () => {
    const user = await createUser(t.db);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordAudit(t.db, { orgId: user.orgId, actor: { type: "system" }, action: "race", metadata: { i } }),
      ),
    );
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.chain, user.orgId))
      .orderBy(auditEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    expect(await verifyAuditChain(t.db, user.orgId)).toMatchObject({ ok: true, checked: rows.length });
  });
});
