import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as coordinationEcho } from "@/app/api/v1/coordination/echo/route";
import { GET as logsRoute } from "@/app/api/v1/echo/logs/route";
import { POST as simpleEcho } from "@/app/api/v1/echo/route";
import { messageLogs } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, orgContext, sessionRequest } from "@/test/factories";
import { CreateAgentInput } from "../agents/schemas";
import { createAgent } from "../agents/service";

const t = withTestDb();

async function orgWithAgents() {
  const owner = await createUser(t.db);
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const a = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Alpha" }) });
  const b = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Beta" }) });
  return { owner, a, b };
}

function keyPost(path: string, key: string, body: unknown, raw?: BodyInit) {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
}

const logsOf = (orgId: string) => t.db.select().from(messageLogs).where(eq(messageLogs.orgId, orgId));

describe("echo workflow", () => {
  it("echoes with the full auth context and logs request, response, sizes and latency", async () => {
    const { owner, a } = await orgWithAgents();
    const message = "'; DROP TABLE message_logs; -- <script>alert(1)</script>";
    const res = await coordinationEcho(
      keyPost("/api/v1/coordination/echo", a.api_key.secret, { message, metadata: { trace: "t-1" } }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      echo: message,
      metadata: { trace: "t-1" },
      agent: { id: a.agent.id, name: "Alpha" },
      org: { id: owner.orgId },
      auth: { method: "api_key", key_id: a.api_key.id, signature_verified: false },
      request_id: res.headers.get("x-request-id"),
    });
    const [log] = await logsOf(owner.orgId);
    expect(log).toMatchObject({ endpoint: "coordination_echo", agentId: a.agent.id, status: 200 });
    expect(log?.request).toEqual({ message, metadata: { trace: "t-1" } });
    expect(log?.requestBytes).toBeGreaterThan(message.length);
    expect(log?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers the simplified echo, and accepts dashboard sessions", async () => {
    const { owner, a } = await orgWithAgents();
    const simple = await (
      await simpleEcho(keyPost("/api/v1/echo", a.api_key.secret, { message: "hi" }))
    ).json();
    expect(Object.keys(simple).sort()).toEqual(["echo", "request_id", "timestamp"]);
    const asUser = await coordinationEcho(
      sessionRequest("/api/v1/coordination/echo", {
        method: "POST",
        cookie: owner.cookie,
        body: { message: "from me" },
      }),
    );
    expect(await asUser.json()).toMatchObject({ agent: null, auth: { method: "session", key_id: null } });
  });

  it("rejects bad input with 4xx problem+json and writes nothing", async () => {
    const { owner, a } = await orgWithAgents();
    const key = a.api_key.secret;
    const cases: [unknown, number, string][] = [
      [{ message: "" }, 422, "/message"],
      [{ message: "x".repeat(10_001) }, 422, "/message"],
      [{ message: 42 }, 422, "/message"],
      [{ message: "ok", metadata: [1, 2] }, 422, "/metadata"],
      [{ message: "ok", metadata: { big: "y".repeat(17_000) } }, 422, "/metadata"],
      [{ message: "ok", extra: true }, 422, "/extra"],
    ];
    for (const [body, status, pointer] of cases) {
      const res = await simpleEcho(keyPost("/api/v1/echo", key, body));
      expect(res.status).toBe(status);
      expect((await res.json()).errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const invalidUtf8 = await simpleEcho(
      keyPost("/api/v1/echo", key, null, new Uint8Array([0x7b, 0x22, 0x6d, 0xff, 0xfe, 0x22, 0x7d])),
    );
    expect(invalidUtf8.status).toBe(400);
    expect((await invalidUtf8.json()).detail).toMatch(/UTF-8/);
    const malformed = await simpleEcho(keyPost("/api/v1/echo", key, null, '{"message": "unterminated'));
    expect(malformed.status).toBe(400);
    expect(await logsOf(owner.orgId)).toEqual([]);
  });

  it("shows an agent only its own logs, users the org's, and other orgs nothing", async () => {
    const { owner, a, b } = await orgWithAgents();
    const stranger = await orgWithAgents();
    for (let i = 0; i < 3; i++)
      await simpleEcho(keyPost("/api/v1/echo", a.api_key.secret, { message: `a${i}` }));
    await simpleEcho(keyPost("/api/v1/echo", b.api_key.secret, { message: "b0" }));
    await simpleEcho(keyPost("/api/v1/echo", stranger.a.api_key.secret, { message: "foreign" }));

    const get = (key: string, query = "") =>
      logsRoute(
        new Request(`${ORIGIN}/api/v1/echo/logs${query}`, { headers: { authorization: `Bearer ${key}` } }),
      );
    const agentA = await (await get(a.api_key.secret)).json();
    expect(agentA.data.map((l: { request: { message: string } }) => l.request.message)).toEqual([
      "a2",
      "a1",
      "a0",
    ]);
    const peeking = await (await get(a.api_key.secret, `?agent_id=${b.agent.id}`)).json();
    expect(peeking.data).toEqual([]);

    const page1 = await (
      await logsRoute(sessionRequest("/api/v1/echo/logs?limit=2", { cookie: owner.cookie }))
    ).json();
    expect(page1.data).toHaveLength(2);
    const page2 = await (
      await logsRoute(
        sessionRequest(`/api/v1/echo/logs?limit=2&cursor=${page1.next_cursor}`, { cookie: owner.cookie }),
      )
    ).json();
    expect(page2).toMatchObject({ next_cursor: null });
    const all = [...page1.data, ...page2.data].map(
      (l: { request: { message: string } }) => l.request.message,
    );
    expect(all.sort()).toEqual(["a0", "a1", "a2", "b0"]);
  });
});
