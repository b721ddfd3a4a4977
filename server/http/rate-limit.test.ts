import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as createAgentRoute, GET as listAgentsRoute } from "@/app/api/v1/agents/route";
import { GET as keysMe } from "@/app/api/v1/keys/me/route";
import { apiKeys } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, ORIGIN, orgContext, sessionRequest } from "@/test/factories";
import { CreateAgentInput } from "../agents/schemas";
import { createAgent } from "../agents/service";
import { insertApiKey } from "../keys/service";
import { keyCache } from "../keys/verify";
import { setEnvForTests } from "../platform/env";

const t = withTestDb();

async function agentKey() {
  const owner = await createUser(t.db);
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const created = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Limited" }) });
  return { owner, ctx, secret: created.api_key.secret, keyId: created.api_key.id };
}

const me = (secret: string) =>
  keysMe(new Request(`${ORIGIN}/api/v1/keys/me`, { headers: { authorization: `Bearer ${secret}` } }));

describe("rate limiting in the pipeline", () => {
  it("sends X-RateLimit-* headers on every limited response", async () => {
    const { secret } = await agentKey();
    const res = await me(secret);
    expect(res.headers.get("x-ratelimit-limit")).toBe("60");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("59");
    expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("x-ratelimit-reset"))).toBeLessThanOrEqual(60);
  });

  it("honours a key's own limit first and answers 429 with Retry-After", async () => {
    const { secret, keyId } = await agentKey();
    await t.db.update(apiKeys).set({ rateLimitPerMin: 2 }).where(eq(apiKeys.id, keyId));
    keyCache().clear();
    expect((await me(secret)).status).toBe(200);
    expect((await me(secret)).status).toBe(200);
    const limited = await me(secret);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("x-ratelimit-limit")).toBe("2");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    const problem = await limited.json();
    expect(problem).toMatchObject({ code: "rate_limited", status: 429 });
    expect(problem.headers).toBeUndefined();
  });

  it("applies named policies from env to management keys", async () => {
    setEnvForTests({ BRIKK_RATE_LIMIT_AGENT_CREATE: "1" });
    const { owner } = await agentKey();
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const { secret } = await insertApiKey(t.db, ctx, {
      agentId: null,
      kind: "management",
      name: "ci",
      scopes: ["agents:write", "agents:read"],
    });
    const create = () =>
      createAgentRoute(
        new Request(`${ORIGIN}/api/v1/agents`, {
          method: "POST",
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          body: JSON.stringify({ name: "again" }),
        }),
      );
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(429);
    const list = await listAgentsRoute(
      new Request(`${ORIGIN}/api/v1/agents`, { headers: { authorization: `Bearer ${secret}` } }),
    );
    expect(list.headers.get("x-ratelimit-limit")).toBe("300");
  });

  it("exempts owners' and admins' dashboard sessions but limits members", async () => {
    const { owner } = await agentKey();
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    const asOwner = await listAgentsRoute(sessionRequest("/api/v1/agents", { cookie: owner.cookie }));
    expect(asOwner.headers.get("x-ratelimit-limit")).toBeNull();
    const asMember = await listAgentsRoute(
      sessionRequest("/api/v1/agents", { cookie: `${member.cookie}; brikk_org=${owner.orgId}` }),
    );
    expect(asMember.status).toBe(200);
    expect(asMember.headers.get("x-ratelimit-limit")).toBe("300");
  });

  it("can be turned off", async () => {
    setEnvForTests({ BRIKK_RATE_LIMIT_ENABLED: "false" });
    const { secret } = await agentKey();
    expect((await me(secret)).headers.get("x-ratelimit-limit")).toBeNull();
  });
});
