import { describe, expect, it } from "vitest";
import { POST as createAgentRoute, GET as listAgentsRoute } from "@/app/api/v1/agents/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { DELETE as revokeKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { GET as keysMe } from "@/app/api/v1/keys/me/route";
import { POST as rotateSelf } from "@/app/api/v1/keys/rotate/route";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, orgContext, sessionRequest } from "@/test/factories";
import { createKey } from "./service";
import { signRequest } from "./signing";

// After a rotation the replaced secret (often replaced because it leaked) may still call the API
// during its grace period, but it must never take the key over: no rotating again (which would
// end the legitimate new secret at once), no managing keys, and a management key's old secret
// reads but does not write.

const t = withTestDb();
const params = (id: string) => ({ params: Promise.resolve({ id }) });

function call(path: string, key: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function rotated(secret: string) {
  const res = await rotateSelf(call("/api/v1/keys/rotate", secret, { grace_seconds: 3600 }));
  expect(res.status).toBe(200);
  return (await res.json()).new_key as string;
}

async function expectRetiringRefusal(res: Response) {
  expect(res.status).toBe(403);
  const problem = await res.json();
  expect(problem.code).toBe("forbidden");
  expect(problem.detail).toMatch(/being retired/);
}

describe("a secret in its grace period", () => {
  it("authenticates ordinary calls but can never rotate its key again", async () => {
    const owner = await createUser(t.db);
    const created = await createAgentRoute(
      sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Leaky" } }),
    );
    const { api_key } = await created.json();
    const leaked = api_key.secret as string;
    const fresh = await rotated(leaked);

    // The attacker holding the old secret tries to take the key over with grace_seconds: 0.
    await expectRetiringRefusal(await rotateSelf(call("/api/v1/keys/rotate", leaked, { grace_seconds: 0 })));
    const me = await keysMe(call("/api/v1/keys/me", fresh));
    expect(me.status).toBe(200);
    expect((await me.json()).authenticated_with).toBe("current_secret");
    // Ordinary calls still work with the old secret until the grace period ends.
    expect((await echoRoute(call("/api/v1/echo", leaked, { message: "still here" }))).status).toBe(200);
    expect((await (await keysMe(call("/api/v1/keys/me", leaked))).json()).authenticated_with).toBe(
      "previous_secret",
    );

    // Rotation does not change the signing secret: a signed request counts as the current secret.
    const body = JSON.stringify({ grace_seconds: 60 });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signed = await rotateSelf(
      new Request(`${ORIGIN}/api/v1/keys/rotate`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-brikk-key-id": api_key.id,
          "x-brikk-timestamp": timestamp,
          "x-brikk-signature": signRequest(api_key.signing_secret, {
            timestamp,
            method: "POST",
            pathWithQuery: "/api/v1/keys/rotate",
            body,
          }),
        },
        body,
      }),
    );
    expect(signed.status).toBe(200);
  });

  it("of a management key reads, but neither writes nor manages keys", async () => {
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const mgmt = await createKey({
      ctx,
      input: { kind: "management", name: "ci", scopes: ["agents:read", "agents:write", "keys:write"] },
    });
    const agent = await createKey({
      ctx,
      input: { kind: "management", name: "other", scopes: ["agents:read"] },
    });
    const fresh = await rotated(mgmt.secret);
    const old = mgmt.secret;

    expect((await listAgentsRoute(call("/api/v1/agents", old))).status).toBe(200);
    await expectRetiringRefusal(await createAgentRoute(call("/api/v1/agents", old, { name: "sneaky" })));
    await expectRetiringRefusal(
      await revokeKeyRoute(call(`/api/v1/keys/${agent.id}`, old, undefined, "DELETE"), params(agent.id)),
    );
    await expectRetiringRefusal(await rotateSelf(call("/api/v1/keys/rotate", old, { grace_seconds: 0 })));
    // The current secret keeps every right the key has.
    expect((await createAgentRoute(call("/api/v1/agents", fresh, { name: "legit" }))).status).toBe(201);
    expect(
      (await revokeKeyRoute(call(`/api/v1/keys/${agent.id}`, fresh, undefined, "DELETE"), params(agent.id)))
        .status,
    ).toBe(200);
  });
});
