import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "@/server/keys/service";
import { withTestDb } from "@/test/db";
import { orgContext } from "@/test/factories";
import { agentKeyFor } from "@/test/llm-kit";
import { serveApi } from "@/test/route-server";
import { createBrikkClient } from ".";

// The committed typed client against `npm start`'s listener: paths, bodies and answers typed from
// /openapi.json, errors as the document's problem (or OpenAI's error on the gateway).

const t = withTestDb();
let server: Awaited<ReturnType<typeof serveApi>>;
beforeAll(async () => {
  server = await serveApi();
});
afterAll(() => server.close());

describe("the typed client (openapi-fetch over client/schema.d.ts)", () => {
  it("makes an agent's calls: echo, the calling key, the balance, a chat completion", async () => {
    const { key } = await agentKeyFor(t.db);
    const brikk = createBrikkClient({ baseUrl: `${server.base}/`, apiKey: key });

    const echoed = await brikk.POST("/api/v1/coordination/echo", {
      body: { message: "typed", metadata: { n: 1 } },
    });
    expect(echoed.error).toBeUndefined();
    expect(echoed.data?.echo).toBe("typed");
    expect(echoed.data?.auth.method).toBe("api_key");

    const me = await brikk.GET("/api/v1/keys/me");
    expect(me.data?.kind).toBe("agent");

    const balance = await brikk.GET("/api/v1/billing/balance");
    expect(balance.data?.balance).toMatch(/^\d+\.\d{6}$/);

    const reply = await brikk.POST("/api/v1/chat/completions", {
      body: { model: "local/brikk-1", messages: [{ role: "user", content: "Reply in French: hello" }] },
    });
    expect(reply.data?.object).toBe("chat.completion");
    expect(reply.response.headers.get("x-brikk-provider")).toBe("local");
  });

  it("returns the documented error shapes, typed", async () => {
    const { key } = await agentKeyFor(t.db);
    const brikk = createBrikkClient({ baseUrl: server.base, apiKey: key });

    const invalid = await brikk.POST("/api/v1/echo", { body: { message: "" } });
    expect(invalid.response.status).toBe(422);
    expect(invalid.error?.code).toBe("unprocessable");
    expect(invalid.error?.errors?.[0]?.pointer).toBe("/message");

    const denied = await createBrikkClient({ baseUrl: server.base, apiKey: "brk_live_nope" }).GET(
      "/api/v1/models",
    );
    expect(denied.response.status).toBe(401);
    expect(denied.error?.error.code).toBe("unauthorized");
  });

  it("manages agents with a management key, path parameters included", async () => {
    const { owner } = await agentKeyFor(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const { secret } = await createKey({
      ctx,
      input: { kind: "management", name: "typed", scopes: ["agents:read", "agents:write"] },
    });
    const brikk = createBrikkClient({ baseUrl: server.base, apiKey: secret });

    const created = await brikk.POST("/api/v1/agents", { body: { name: "Typed agent", tags: ["sdk"] } });
    expect(created.response.status).toBe(201);
    const id = created.data?.agent.id as string;
    const patched = await brikk.PATCH("/api/v1/agents/{id}", {
      params: { path: { id } },
      body: { description: "from the typed client" },
    });
    expect(patched.data?.description).toBe("from the typed client");
    const page = await brikk.GET("/api/v1/agents", { params: { query: { q: "Typed", limit: 5 } } });
    expect(page.data?.data.map((a) => a.id)).toContain(id);
  });
});
