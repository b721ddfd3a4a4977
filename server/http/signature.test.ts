import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { POST as coordinationEcho } from "@/app/api/v1/coordination/echo/route";
import { PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { POST as reissue } from "@/app/api/v1/keys/[id]/signing-secret/route";
import { GET as keysMe } from "@/app/api/v1/keys/me/route";
import { apiKeys, auditEvents, messageLogs } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, sessionRequest } from "@/test/factories";
import { signRequest } from "../keys/signing";
import { installFakeClock } from "../platform/clock";
import { setEnvForTests } from "../platform/env";

const t = withTestDb();
const params = (id: string) => ({ params: Promise.resolve({ id }) });
let clock: ReturnType<typeof installFakeClock> | null = null;
afterEach(() => {
  clock?.restore();
  clock = null;
});

async function agentWithKey() {
  const owner = await createUser(t.db);
  const res = await createAgentRoute(
    sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Signer" } }),
  );
  expect(res.status).toBe(201);
  const { api_key } = await res.json();
  return {
    owner,
    keyId: api_key.id as string,
    secret: api_key.secret as string,
    signingSecret: api_key.signing_secret as string,
  };
}

type SignOptions = {
  method?: string;
  path: string;
  body?: string;
  timestamp?: number;
  sign?: { path?: string; body?: string; method?: string };
};

/** A request signed the way the docs tell clients to; `sign` lets a test sign something else. */
function signedRequest(keyId: string, signingSecret: string, options: SignOptions): Request {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const signature = signRequest(signingSecret, {
    timestamp,
    method: options.sign?.method ?? method,
    pathWithQuery: options.sign?.path ?? options.path,
    body: options.sign?.body ?? options.body ?? "",
  });
  const headers = new Headers({
    "x-brikk-key-id": keyId,
    "x-brikk-timestamp": timestamp,
    "x-brikk-signature": signature,
  });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${ORIGIN}${options.path}`, { method, headers, body: options.body });
}

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json();
}

describe("HMAC-signed requests", () => {
  it("authenticate by signature alone and are reported as verified", async () => {
    const { keyId, signingSecret, secret } = await agentWithKey();
    expect(signingSecret).toMatch(/^brk_sig_[0-9A-Za-z]{40,50}$/);
    expect(signingSecret).not.toBe(secret);

    const me = await keysMe(signedRequest(keyId, signingSecret, { path: "/api/v1/keys/me" }));
    expect(me.status).toBe(200);
    expect((await me.json()).id).toBe(keyId);

    const body = JSON.stringify({ message: "signed héllo", metadata: { n: 1 } });
    const res = await coordinationEcho(
      signedRequest(keyId, signingSecret, { path: "/api/v1/coordination/echo?trace=1&b=%20", body }),
    );
    expect(res.status).toBe(200);
    const echoed = await res.json();
    expect(echoed.echo).toBe("signed héllo");
    expect(echoed.auth).toMatchObject({ method: "hmac_signature", key_id: keyId, signature_verified: true });
  });

  it("stores the signing secret encrypted, never in the clear", async () => {
    const { keyId, signingSecret } = await agentWithKey();
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row?.signingSecretEncrypted).toMatch(/^v1\./);
    expect(row?.signingSecretEncrypted).not.toContain(signingSecret.slice(8));
  });

  it("rejects a wrong MAC and an unknown key id alike, and audits the failure", async () => {
    const { keyId, signingSecret, owner } = await agentWithKey();
    const wrong = await keysMe(signedRequest(keyId, `${signingSecret}x`, { path: "/api/v1/keys/me" }));
    const unknown = await keysMe(
      signedRequest("key_00000000000000000000000000", signingSecret, { path: "/api/v1/keys/me" }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await problemOf(wrong), await problemOf(unknown)];
    expect(a.code).toBe("signature_invalid");
    expect(a.detail).toBe(b.detail);

    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, owner.orgId), eq(auditEvents.action, "auth.signature_rejected")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "failure", metadata: { reason: "bad_signature" } });
  });

  it("binds the method, path, query and body bytes", async () => {
    const { keyId, signingSecret, owner } = await agentWithKey();
    const body = JSON.stringify({ message: "pay 1" });
    const tampered = [
      { path: "/api/v1/coordination/echo", body, sign: { body: JSON.stringify({ message: "pay 100" }) } },
      { path: "/api/v1/coordination/echo?x=1", body, sign: { path: "/api/v1/coordination/echo?x=2" } },
      { path: "/api/v1/coordination/echo", body, sign: { path: "/api/v1/echo" } },
      { path: "/api/v1/coordination/echo", body, sign: { method: "PUT" } },
    ];
    for (const options of tampered) {
      const res = await coordinationEcho(signedRequest(keyId, signingSecret, options));
      expect(res.status, JSON.stringify(options.sign)).toBe(401);
    }
    expect(await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, owner.orgId))).toHaveLength(0);
  });

  it("accepts ±300 s of clock skew and refuses anything beyond, in both directions", async () => {
    clock = installFakeClock("2026-06-01T12:00:00Z");
    const { keyId, signingSecret } = await agentWithKey();
    const nowSeconds = Math.floor(Date.parse("2026-06-01T12:00:00Z") / 1000);
    for (const [offset, status] of [
      [-300, 200],
      [300, 200],
      [-301, 401],
      [301, 401],
    ] as const) {
      const res = await keysMe(
        signedRequest(keyId, signingSecret, { path: "/api/v1/keys/me", timestamp: nowSeconds + offset }),
      );
      expect(res.status, `offset ${offset}`).toBe(status);
      if (status === 401) expect((await problemOf(res)).detail).toMatch(/outside the allowed window/);
    }
  });

  it("refuses a replay of a signature already seen", async () => {
    const { keyId, signingSecret } = await agentWithKey();
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await keysMe(signedRequest(keyId, signingSecret, { path: "/api/v1/keys/me", timestamp }));
    const replay = await keysMe(signedRequest(keyId, signingSecret, { path: "/api/v1/keys/me", timestamp }));
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect((await problemOf(replay)).detail).toMatch(/already used/);
  });

  it("refuses incomplete or malformed signing headers", async () => {
    const { keyId } = await agentWithKey();
    const partial = new Request(`${ORIGIN}/api/v1/keys/me`, { headers: { "x-brikk-key-id": keyId } });
    expect((await keysMe(partial)).status).toBe(401);
    const malformed = new Request(`${ORIGIN}/api/v1/keys/me`, {
      headers: { "x-brikk-key-id": keyId, "x-brikk-timestamp": "soon", "x-brikk-signature": "v1=zz" },
    });
    const res = await keysMe(malformed);
    expect(res.status).toBe(401);
    expect((await problemOf(res)).detail).toMatch(/X-Brikk-Timestamp/);
  });

  it("makes a key that requires signing refuse its bearer secret", async () => {
    const { keyId, secret, signingSecret, owner } = await agentWithKey();
    const bearer = () =>
      keysMe(new Request(`${ORIGIN}/api/v1/keys/me`, { headers: { authorization: `Bearer ${secret}` } }));
    expect((await bearer()).status).toBe(200);

    const patched = await patchKey(
      sessionRequest(`/api/v1/keys/${keyId}`, {
        method: "PATCH",
        cookie: owner.cookie,
        body: { require_signature: true },
      }),
      params(keyId),
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).require_signature).toBe(true);

    const refused = await bearer();
    expect(refused.status).toBe(401);
    expect((await problemOf(refused)).detail).toMatch(/must sign/);
    expect((await keysMe(signedRequest(keyId, signingSecret, { path: "/api/v1/keys/me" }))).status).toBe(200);
  });

  it("can be required for every key with BRIKK_HMAC_AUTH_ENABLED", async () => {
    const { secret } = await agentWithKey();
    setEnvForTests({ BRIKK_HMAC_AUTH_ENABLED: "true" });
    const res = await keysMe(
      new Request(`${ORIGIN}/api/v1/keys/me`, { headers: { authorization: `Bearer ${secret}` } }),
    );
    expect(res.status).toBe(401);
  });

  it("reissues the signing secret once; the old one stops verifying", async () => {
    const { keyId, signingSecret, owner } = await agentWithKey();
    const res = await reissue(
      sessionRequest(`/api/v1/keys/${keyId}/signing-secret`, { method: "POST", cookie: owner.cookie }),
      params(keyId),
    );
    expect(res.status).toBe(201);
    const { signing_secret } = await res.json();
    expect(signing_secret).not.toBe(signingSecret);
    expect((await keysMe(signedRequest(keyId, signingSecret, { path: "/api/v1/keys/me" }))).status).toBe(401);
    expect((await keysMe(signedRequest(keyId, signing_secret, { path: "/api/v1/keys/me" }))).status).toBe(
      200,
    );
  });
});
