import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { agents, idempotencyKeys, messageLogs } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, ORIGIN, orgContext, sessionRequest } from "@/test/factories";
import { CreateAgentInput } from "../agents/schemas";
import { createAgent } from "../agents/service";
import { runJob } from "../jobs/runner";
import { installFakeClock } from "../platform/clock";
import { setEnvForTests } from "../platform/env";

const t = withTestDb();
let clock: ReturnType<typeof installFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

async function agentKey() {
  const owner = await createUser(t.db);
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const created = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Idem" }) });
  return { owner, secret: created.api_key.secret };
}

const echoWith = (secret: string, key: string | null, body: unknown) =>
  echoRoute(
    new Request(`${ORIGIN}/api/v1/echo`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/json",
        ...(key === null ? {} : { "idempotency-key": key }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

const logCount = async (orgId: string) =>
  (await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, orgId))).length;

describe("Idempotency-Key", () => {
  it("replays the stored response for a retry, with no second effect", async () => {
    const { owner, secret } = await agentKey();
    const first = await echoWith(secret, "retry-1", { message: "once" });
    const second = await echoWith(secret, "retry-1", { message: "once" });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await second.json()).toEqual(await first.json());
    expect(await logCount(owner.orgId)).toBe(1);
  });

  it("keeps a stored response encrypted at rest: a new key's secret is replayed, never stored in clear", async () => {
    const owner = await createUser(t.db);
    const create = () =>
      createAgentRoute(
        sessionRequest("/api/v1/agents", {
          method: "POST",
          cookie: owner.cookie,
          headers: { "idempotency-key": "agent-once" },
          body: { name: "Sealed" },
        }),
      );
    const first = await create();
    const secret = (await first.json()).api_key.secret as string;
    const [stored] = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "agent-once"));
    expect(stored?.responseBody?.startsWith("enc:v1.")).toBe(true);
    expect(stored?.responseBody).not.toContain(secret);
    const again = await create();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).api_key.secret).toBe(secret);
  });

  it("refuses the same key on a different request with 422, and bad keys with 400", async () => {
    const { owner, secret } = await agentKey();
    await echoWith(secret, "k", { message: "a" });
    const mismatch = await echoWith(secret, "k", { message: "b" });
    expect(mismatch.status).toBe(422);
    expect((await mismatch.json()).code).toBe("idempotency_key_mismatch");
    expect((await echoWith(secret, "", { message: "a" })).status).toBe(400);
    expect((await echoWith(secret, "x".repeat(256), { message: "a" })).status).toBe(400);
    expect(await logCount(owner.orgId)).toBe(1);
  });

  it("stores a 422 for replay but releases a 403 so the retry can run", async () => {
    const { owner, secret } = await agentKey();
    const invalid = await echoWith(secret, "bad", { message: "" });
    expect(invalid.status).toBe(422);
    expect((await echoWith(secret, "bad", { message: "" })).headers.get("idempotent-replayed")).toBe("true");

    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    const asViewer = (cookie: string) =>
      createAgentRoute(
        sessionRequest("/api/v1/agents", {
          method: "POST",
          cookie: `${cookie}; brikk_org=${owner.orgId}`,
          body: { name: "later" },
          headers: { "idempotency-key": "viewer-try" },
        }),
      );
    expect((await asViewer(viewer.cookie)).status).toBe(403);
    const [held] = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "viewer-try"));
    expect(held).toBeUndefined();
    expect(await t.db.select().from(agents).where(eq(agents.name, "later"))).toEqual([]);
  });

  it("answers 409 while the first request runs, and releases a claim left by a crash after 60 s", async () => {
    clock = installFakeClock(new Date());
    const { owner, secret } = await agentKey();
    await t.db.insert(idempotencyKeys).values({
      scope: owner.orgId,
      key: "stuck",
      fingerprint: "will-be-checked-after-the-lock",
      state: "in_progress",
      lockedUntil: new Date(Date.now() + 60_000),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    // Same fingerprint as the crashed request, so only the lock decides.
    const body = { message: "crash" };
    const { fingerprintOf } = await import("./idempotency");
    const fingerprint = fingerprintOf(
      new Request(`${ORIGIN}/api/v1/echo`, { method: "POST" }),
      JSON.stringify(body),
    );
    await t.db.update(idempotencyKeys).set({ fingerprint }).where(eq(idempotencyKeys.key, "stuck"));
    const busy = await echoWith(secret, "stuck", body);
    expect(busy.status).toBe(409);
    expect((await busy.json()).code).toBe("idempotency_in_progress");
    clock.advance(61_000);
    expect((await echoWith(secret, "stuck", body)).status).toBe(200);
    expect(await logCount(owner.orgId)).toBe(1);
  });

  it("expires after 24 hours (the purge job deletes old records) and can be turned off", async () => {
    clock = installFakeClock(new Date());
    const { owner, secret } = await agentKey();
    await echoWith(secret, "day", { message: "x" });
    clock.advance(24 * 3_600_000 + 1);
    expect((await runJob(t.db, "purge-idempotency-keys", "cli")).status).toBe("ok");
    expect(await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, owner.orgId))).toEqual(
      [],
    );
    expect((await echoWith(secret, "day", { message: "x" })).headers.get("idempotent-replayed")).toBeNull();
    setEnvForTests({ BRIKK_IDEM_ENABLED: "false" });
    await echoWith(secret, "off", { message: "y" });
    await echoWith(secret, "off", { message: "y" });
    expect(await logCount(owner.orgId)).toBe(4);
  });
});
