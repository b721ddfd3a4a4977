import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { GET as getAgentRoute } from "@/app/api/v1/agents/[id]/route";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, sessionRequest } from "@/test/factories";
import { installFakeClock } from "../platform/clock";
import { setEnvForTests } from "../platform/env";
import { runInRequestScope } from "../platform/request-scope";
import { GENESIS_HASH } from "./chain";
import { flushRateLimitRollup } from "./rate-limit-rollup";
import { recordAudit, recordAudits } from "./service";
import { verifyAuditChain } from "./verify";

const t = withTestDb();
let clock: ReturnType<typeof installFakeClock> | null = null;
afterEach(() => {
  clock?.restore();
  clock = null;
});

async function chainOf(orgId: string) {
  return t.db.select().from(auditEvents).where(eq(auditEvents.chain, orgId)).orderBy(auditEvents.seq);
}

async function appendEvents(orgId: string, count: number) {
  for (let i = 0; i < count; i++) {
    await recordAudit(t.db, {
      orgId,
      actor: { type: "system" },
      action: "test.event",
      metadata: { i, nested: { b: [1, "two", null], a: true } },
    });
  }
}

/** Edits a row as an attacker with database access would: past the append-only trigger. */
async function tamper(statement: string) {
  await t.db.execute(sql.raw("alter table audit_events disable trigger audit_events_no_update"));
  try {
    await t.db.execute(sql.raw(statement));
  } finally {
    await t.db.execute(sql.raw("alter table audit_events enable trigger audit_events_no_update"));
  }
}

describe("audit hash chain", () => {
  it("links each row of an org to the previous one and verifies clean", async () => {
    const user = await createUser(t.db);
    await appendEvents(user.orgId, 5);
    const rows = await chainOf(user.orgId);
    // Sign-up wrote the first rows of this org's chain; the five appended follow them.
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(t.db, user.orgId)).toMatchObject({ ok: true, checked: rows.length });
  });

  it("appends a batch across chains in order, each row with the address of its own request", async () => {
    const [a, b] = [await createUser(t.db), await createUser(t.db)];
    const event = (orgId: string, n: number, ip: string) => ({
      orgId,
      actor: { type: "system" as const },
      action: `batch.${n}`,
      scope: { requestId: `req_${n}`, ip, userAgent: null },
    });
    await recordAudits(t.db, [
      event(a.orgId, 1, "10.0.0.1"),
      event(b.orgId, 2, "10.0.0.2"),
      event(a.orgId, 3, "10.0.0.3"),
    ]);
    for (const user of [a, b]) {
      const rows = await chainOf(user.orgId);
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(await verifyAuditChain(t.db, user.orgId)).toMatchObject({ ok: true, checked: rows.length });
    }
    const batch = (await chainOf(a.orgId)).filter((r) => r.action.startsWith("batch."));
    expect(batch.map((r) => [r.action, r.ip, r.requestId])).toEqual([
      ["batch.1", "10.0.0.1", "req_1"],
      ["batch.3", "10.0.0.3", "req_3"],
    ]);
  });

  it("refuses UPDATE outright (append-only)", async () => {
    const user = await createUser(t.db);
    await expect(
      t.db.update(auditEvents).set({ action: "nothing.happened" }).where(eq(auditEvents.orgId, user.orgId)),
    ).rejects.toThrow();
  });

  it("reports the first row whose content was changed", async () => {
    const user = await createUser(t.db);
    await appendEvents(user.orgId, 4);
    const rows = await chainOf(user.orgId);
    const victim = rows[2];
    await tamper(`update audit_events set metadata = '{"i": 99}' where id = '${victim?.id}'`);
    expect(await verifyAuditChain(t.db, user.orgId)).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: { seq: 3, id: victim?.id, reason: "content_changed" },
    });
  });

  it("reports a deleted row in the middle and rows cut off the end", async () => {
    const a = await createUser(t.db);
    await appendEvents(a.orgId, 4);
    const rows = await chainOf(a.orgId);
    await tamper(`delete from audit_events where id = '${rows[1]?.id}'`);
    expect((await verifyAuditChain(t.db, a.orgId)).firstBreak).toMatchObject({
      seq: 2,
      reason: "row_missing",
    });

    const b = await createUser(t.db);
    await appendEvents(b.orgId, 3);
    const last = (await chainOf(b.orgId)).at(-1);
    await tamper(`delete from audit_events where id = '${last?.id}'`);
    expect((await verifyAuditChain(t.db, b.orgId)).firstBreak).toMatchObject({ reason: "row_missing" });
  });

  it("reports a row re-pointed at a forged predecessor", async () => {
    const user = await createUser(t.db);
    await appendEvents(user.orgId, 3);
    const rows = await chainOf(user.orgId);
    await tamper(`update audit_events set prev_hash = '${"f".repeat(64)}' where id = '${rows[1]?.id}'`);
    expect((await verifyAuditChain(t.db, user.orgId)).firstBreak).toMatchObject({
      seq: 2,
      reason: "link_broken",
    });
  });

  it("puts events without an org on the platform chain, with the request's IP and user agent", async () => {
    await runInRequestScope({ requestId: "req_scope", ip: "203.0.113.9", userAgent: "curl/8" }, () =>
      recordAudit(t.db, { orgId: null, actor: { type: "system" }, action: "platform.thing" }),
    );
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "platform.thing"));
    expect(row).toMatchObject({
      chain: "platform",
      ip: "203.0.113.9",
      userAgent: "curl/8",
      requestId: "req_scope",
    });
    expect((await verifyAuditChain(t.db, "platform")).ok).toBe(true);
  });

  it("writes nothing when ENABLE_AUDIT_LOGGING=false", async () => {
    setEnvForTests({ ENABLE_AUDIT_LOGGING: "false" });
    await recordAudit(t.db, { orgId: null, actor: { type: "system" }, action: "silenced" });
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "silenced"))).toHaveLength(0);
  });
});

describe("audited security events", () => {
  it("records one row per key per minute for rate-limit rejections, with the count", async () => {
    clock = installFakeClock(new Date());
    setEnvForTests({ BRIKK_RATE_LIMIT_ECHO: "2" });
    const owner = await createUser(t.db);
    const created = await createAgentRoute(
      sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Noisy" } }),
    );
    const { api_key } = await created.json();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await echoRoute(
        new Request(`${ORIGIN}/api/v1/echo`, {
          method: "POST",
          headers: { authorization: `Bearer ${api_key.secret}`, "content-type": "application/json" },
          body: JSON.stringify({ message: `m${i}` }),
        }),
      );
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(await flushRateLimitRollup()).toBe(0); // the minute is not over yet
    clock.advance(60_000);
    expect(await flushRateLimitRollup()).toBe(1);
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, owner.orgId), eq(auditEvents.action, "rate_limit.exceeded")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: `key:${api_key.id}`,
      outcome: "denied",
      metadata: { rejected: 4 },
    });
  });

  it("records cross-org probes on the platform chain while answering a plain 404", async () => {
    const victim = await createUser(t.db);
    const created = await createAgentRoute(
      sessionRequest("/api/v1/agents", { method: "POST", cookie: victim.cookie, body: { name: "Private" } }),
    );
    const { agent } = await created.json();
    const prober = await createUser(t.db);
    const res = await getAgentRoute(sessionRequest(`/api/v1/agents/${agent.id}`, { cookie: prober.cookie }), {
      params: Promise.resolve({ id: agent.id }),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toBe("Agent not found");
    const [row] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "access.cross_org_denied"), eq(auditEvents.targetId, agent.id)));
    expect(row).toMatchObject({
      chain: "platform",
      actor: `user:${prober.id}`,
      outcome: "denied",
      metadata: { caller_org_id: prober.orgId, owner_org_id: victim.orgId },
    });
  });
});
