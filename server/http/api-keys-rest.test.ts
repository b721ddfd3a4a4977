import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  DELETE as deleteAgentRoute,
  GET as getAgentRoute,
  PATCH as patchAgent,
  PUT as putAgent,
} from "@/app/api/v1/agents/[id]/route";
import { POST as createAgentRoute, GET as listAgentsRoute } from "@/app/api/v1/agents/route";
import { GET as keysMe } from "@/app/api/v1/keys/me/route";
import { POST as rotate } from "@/app/api/v1/keys/rotate/route";
import { agents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, ORIGIN, orgContext, sessionRequest } from "@/test/factories";
import { insertApiKey } from "../keys/service";
import { keyCache } from "../keys/verify";

const t = withTestDb();
const params = (id: string) => ({ params: Promise.resolve({ id }) });

function keyRequest(
  path: string,
  key: string,
  init: { method?: string; body?: unknown; header?: "bearer" | "x-brikk" } = {},
) {
  const headers = new Headers(
    init.header === "x-brikk" ? { "x-brikk-api-key": key } : { authorization: `Bearer ${key}` },
  );
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function orgWithAgent() {
  const owner = await createUser(t.db);
  const res = await createAgentRoute(
    sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Courier" } }),
  );
  expect(res.status).toBe(201);
  const created = await res.json();
  return {
    owner,
    agent: created.agent,
    key: created.api_key.secret as string,
    keyId: created.api_key.id as string,
  };
}

async function managementKey(orgId: string, userId: string, scopes: string[]) {
  const ctx = await orgContext(t.db, { id: userId }, orgId);
  return (await insertApiKey(t.db, ctx, { agentId: null, kind: "management", name: "ci", scopes })).secret;
}

describe("API key authentication on /api/v1", () => {
  it("describes the calling key via Bearer or X-Brikk-API-Key, never its secret", async () => {
    const { agent, key, keyId, owner } = await orgWithAgent();
    for (const header of ["bearer", "x-brikk"] as const) {
      const res = await keysMe(keyRequest("/api/v1/keys/me", key, { header }));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        id: keyId,
        agent: { id: agent.id },
        org: { id: owner.orgId },
        kind: "agent",
      });
      expect(JSON.stringify(body)).not.toContain(key);
    }
  });

  it("answers 401 with WWW-Authenticate when the key is missing, and one identical 401 for any bad key", async () => {
    const missing = await keysMe(new Request(`${ORIGIN}/api/v1/keys/me`));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    const { key, agent, owner } = await orgWithAgent();
    const bodies = [];
    // The real key with its last character changed (never to itself: that made this test flaky).
    const tampered = `${key.slice(0, -1)}${key.endsWith("Z") ? "Y" : "Z"}`;
    for (const bad of ["garbage", `brk_live_${"x".repeat(43)}`, tampered]) {
      const res = await keysMe(keyRequest("/api/v1/keys/me", bad));
      expect(res.status).toBe(401);
      const { request_id: _, ...body } = await res.json();
      bodies.push(body);
    }
    await deleteAgentRoute(
      sessionRequest(`/api/v1/agents/${agent.id}`, { method: "DELETE", cookie: owner.cookie }),
      params(agent.id),
    );
    const deleted = await keysMe(keyRequest("/api/v1/keys/me", key));
    const { request_id: _, ...deletedBody } = await deleted.json();
    bodies.push(deletedBody);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it("rotates the calling key with a grace period", async () => {
    const { key, keyId } = await orgWithAgent();
    const res = await rotate(
      keyRequest("/api/v1/keys/rotate", key, { method: "POST", body: { grace_seconds: 0 } }),
    );
    expect(res.status).toBe(200);
    const rotated = await res.json();
    expect(rotated).toMatchObject({ key_id: keyId, old_key_prefix: key.slice(0, 15) });
    keyCache().clear();
    expect((await keysMe(keyRequest("/api/v1/keys/me", key))).status).toBe(401);
    expect((await keysMe(keyRequest("/api/v1/keys/me", rotated.new_key))).status).toBe(200);
    const bad = await rotate(
      keyRequest("/api/v1/keys/rotate", rotated.new_key, { method: "POST", body: { grace_seconds: -1 } }),
    );
    expect(bad.status).toBe(422);
  });
});

describe("/api/v1/agents by principal", () => {
  it("lets sessions manage agents, with 404 for another org's agent", async () => {
    const { owner, agent } = await orgWithAgent();
    const stranger = await createUser(t.db);
    const list = await (
      await listAgentsRoute(sessionRequest("/api/v1/agents", { cookie: owner.cookie }))
    ).json();
    expect(list.data.map((a: { id: string }) => a.id)).toEqual([agent.id]);
    const foreign = await getAgentRoute(
      sessionRequest(`/api/v1/agents/${agent.id}`, { cookie: stranger.cookie }),
      params(agent.id),
    );
    expect(foreign.status).toBe(404);
    const patched = await patchAgent(
      sessionRequest(`/api/v1/agents/${agent.id}`, {
        method: "PATCH",
        cookie: owner.cookie,
        body: { tags: ["x"] },
      }),
      params(agent.id),
    );
    expect((await patched.json()).tags).toEqual(["x"]);
    const replaced = await putAgent(
      sessionRequest(`/api/v1/agents/${agent.id}`, {
        method: "PUT",
        cookie: owner.cookie,
        body: { name: "Courier 2" },
      }),
      params(agent.id),
    );
    expect(await replaced.json()).toMatchObject({ name: "Courier 2", tags: [] });
    const strangerPatch = await patchAgent(
      sessionRequest(`/api/v1/agents/${agent.id}`, {
        method: "PATCH",
        cookie: stranger.cookie,
        body: { name: "mine" },
      }),
      params(agent.id),
    );
    expect(strangerPatch.status).toBe(404);
    const [row] = await t.db.select().from(agents).where(eq(agents.id, agent.id));
    expect(row?.name).toBe("Courier 2");
  });

  it("refuses agent keys and checks management key scopes", async () => {
    const { owner, key } = await orgWithAgent();
    const asAgent = await listAgentsRoute(keyRequest("/api/v1/agents", key));
    expect(asAgent.status).toBe(403);
    const readOnly = await managementKey(owner.orgId, owner.id, ["agents:read"]);
    expect((await listAgentsRoute(keyRequest("/api/v1/agents", readOnly))).status).toBe(200);
    const denied = await createAgentRoute(
      keyRequest("/api/v1/agents", readOnly, { method: "POST", body: { name: "nope" } }),
    );
    expect(denied.status).toBe(403);
    expect((await denied.json()).detail).toMatch(/agents:write/);
    const writer = await managementKey(owner.orgId, owner.id, ["agents:read", "agents:write"]);
    const created = await createAgentRoute(
      keyRequest("/api/v1/agents", writer, { method: "POST", body: { name: "via CI" } }),
    );
    expect(created.status).toBe(201);
    expect((await created.json()).api_key.secret).toMatch(/^brk_live_/);
  });

  it("rejects bad input with 422 naming the field and writes nothing, and viewers get 403", async () => {
    const { owner } = await orgWithAgent();
    const before = await t.db.select().from(agents).where(eq(agents.orgId, owner.orgId));
    const bad = await createAgentRoute(
      sessionRequest("/api/v1/agents", {
        method: "POST",
        cookie: owner.cookie,
        body: { name: "", admin: true, tags: "x" },
      }),
    );
    expect(bad.status).toBe(422);
    const pointers = (await bad.json()).errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(["/admin", "/name", "/tags"]);
    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    const forbidden = await createAgentRoute(
      sessionRequest("/api/v1/agents", {
        method: "POST",
        cookie: `${viewer.cookie}; brikk_org=${owner.orgId}`,
        body: { name: "viewer agent" },
      }),
    );
    expect(forbidden.status).toBe(403);
    expect(await t.db.select().from(agents).where(eq(agents.orgId, owner.orgId))).toHaveLength(before.length);
    const badQuery = await listAgentsRoute(
      sessionRequest("/api/v1/agents?limit=500", { cookie: owner.cookie }),
    );
    expect(badQuery.status).toBe(422);
    expect((await badQuery.json()).errors[0]).toMatchObject({ pointer: "/limit", in: "query" });
  });
});
