import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { agentKeyFor } from "@/test/llm-kit";
import { serveApi } from "@/test/route-server";

const t = withTestDb();
let server: Awaited<ReturnType<typeof serveApi>>;
beforeAll(async () => {
  server = await serveApi();
});
afterAll(() => server.close());

describe("the lean listener's API path", () => {
  it("serves a keyed call with the route's own pipeline (auth, headers, request id, problem+json)", async () => {
    const { key } = await agentKeyFor(t.db);
    const res = await fetch(`${server.base}/api/v1/echo`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "x-request-id": "trace-lean-1",
      },
      body: JSON.stringify({ message: "over the lean path" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("trace-lean-1");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect(await res.json()).toMatchObject({ echo: "over the lean path" });

    const invalid = await fetch(`${server.base}/api/v1/echo`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ message: 42 }),
    });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
  });

  it("passes dynamic segments to the handler", async () => {
    const { key } = await agentKeyFor(t.db);
    const res = await fetch(`${server.base}/api/v1/agents/agt_missing`, {
      headers: { authorization: `Bearer ${key}` },
    });
    // An agent key cannot manage agents: the route's own rule answers, not a fallback 404.
    expect(res.headers.get("x-served-by")).toBeNull();
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers a bad key with the same 401 as under Next", async () => {
    const res = await fetch(`${server.base}/api/v1/models`, {
      headers: { authorization: "Bearer brk_nope" },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("leaves calls without Authorization, and paths it does not know, to Next", async () => {
    const anonymous = await fetch(`${server.base}/api/v1/models`);
    expect(anonymous.headers.get("x-served-by")).toBe("fallback");
    const unknown = await fetch(`${server.base}/api/v1/unknown`, { headers: { authorization: "Bearer x" } });
    expect(unknown.headers.get("x-served-by")).toBe("fallback");
    const page = await fetch(`${server.base}/app`, { headers: { authorization: "Bearer x" } });
    expect(page.headers.get("x-served-by")).toBe("fallback");
  });
});
