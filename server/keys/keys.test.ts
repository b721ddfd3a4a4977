import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, keyContext, orgContext } from "@/test/factories";
import { CreateAgentInput } from "../agents/schemas";
import { createAgent, updateAgent } from "../agents/service";
import { installFakeClock } from "../platform/clock";
import { decryptSecret, encryptSecret, randomBase62 } from "../platform/crypto";
import { setEnvForTests } from "../platform/env";
import { formatMicrosAsUsd, parseUsdToMicros } from "../platform/money";
import { listKeys, revokeKey, rotateKey } from "./service";
import { keyCache, verifyApiKey } from "./verify";

const t = withTestDb();
let clock: ReturnType<typeof installFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
  keyCache().clear();
});

async function agentWithKey() {
  const user = await createUser(t.db);
  const ctx = await orgContext(t.db, user, user.orgId);
  const created = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Keyholder" }) });
  return { ctx, ...created };
}

describe("API keys", () => {
  it("stores only a keyed digest and a display prefix", async () => {
    const { api_key } = await agentWithKey();
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, api_key.id));
    expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(
      api_key.secret.slice(15),
    );
    expect(row?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects unknown, malformed, revoked and expired keys alike", async () => {
    clock = installFakeClock(new Date());
    setEnvForTests({ BRIKK_API_KEY_TTL_DAYS: "1" });
    const { ctx, api_key } = await agentWithKey();
    expect(await verifyApiKey(t.db, "brk_live_nope")).toBeNull();
    expect(await verifyApiKey(t.db, `brk_live_${"A".repeat(43)}`)).toBeNull();
    expect(await verifyApiKey(t.db, api_key.secret)).not.toBeNull();
    clock.advance(86_400_000 + 1);
    expect(await verifyApiKey(t.db, api_key.secret)).toBeNull();
    const second = await agentWithKey();
    await revokeKey({ ctx: second.ctx, input: { id: second.api_key.id } });
    expect(await verifyApiKey(t.db, second.api_key.secret)).toBeNull();
    await expect(revokeKey({ ctx, input: { id: second.api_key.id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("lets revocation win over the cache at once in this process, and within 30 s elsewhere", async () => {
    clock = installFakeClock(new Date());
    const { ctx, api_key } = await agentWithKey();
    expect(await verifyApiKey(t.db, api_key.secret)).not.toBeNull();
    // Another instance revokes: this process's cache still holds the key for at most 30 s.
    await t.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, api_key.id));
    expect(await verifyApiKey(t.db, api_key.secret)).not.toBeNull();
    clock.advance(30_001);
    expect(await verifyApiKey(t.db, api_key.secret)).toBeNull();
    expect(ctx.org.id).toBeDefined();
  });

  it("rotates under the same id with a grace period for the old secret", async () => {
    clock = installFakeClock(new Date());
    const { api_key } = await agentWithKey();
    const ctx = await keyContext(t.db, api_key.secret);
    const rotated = await rotateKey({ ctx, input: { id: "self", grace_seconds: 3600 } });
    expect(rotated).toMatchObject({ key_id: api_key.id, old_key_prefix: api_key.prefix });
    expect(rotated.new_key).not.toBe(api_key.secret);
    expect(rotated.old_key_expires_at.getTime() - rotated.rotated_at.getTime()).toBe(3_600_000);
    expect((await verifyApiKey(t.db, rotated.new_key))?.key.id).toBe(api_key.id);
    expect((await verifyApiKey(t.db, api_key.secret))?.viaPreviousSecret).toBe(true);
    clock.advance(3_600_001);
    expect(await verifyApiKey(t.db, api_key.secret)).toBeNull();
    expect(await verifyApiKey(t.db, rotated.new_key)).not.toBeNull();
  });

  it("ends the old secret at once with a zero grace period", async () => {
    const { api_key } = await agentWithKey();
    const ctx = await keyContext(t.db, api_key.secret);
    const rotated = await rotateKey({ ctx, input: { id: "self", grace_seconds: 0 } });
    expect(await verifyApiKey(t.db, api_key.secret)).toBeNull();
    expect(await verifyApiKey(t.db, rotated.new_key)).not.toBeNull();
  });

  it("stops keys of inactive agents and lists an agent's keys without secrets", async () => {
    const { ctx, agent, api_key } = await agentWithKey();
    await updateAgent({ ctx, input: { id: agent.id, patch: { status: "inactive" } } });
    expect(await verifyApiKey(t.db, api_key.secret)).toBeNull();
    const keys = await listKeys({ ctx, input: { agent_id: agent.id } });
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toContain(api_key.secret);
  });

  it("updates last-used at most once a minute", async () => {
    clock = installFakeClock(new Date());
    const { api_key } = await agentWithKey();
    await verifyApiKey(t.db, api_key.secret);
    const read = async () =>
      (await t.db.select().from(apiKeys).where(eq(apiKeys.id, api_key.id)))[0]?.lastUsedAt;
    const first = await read();
    expect(first).toBeInstanceOf(Date);
    keyCache().clear();
    clock.advance(10_000);
    await verifyApiKey(t.db, api_key.secret);
    expect(await read()).toEqual(first);
    keyCache().clear();
    clock.advance(60_000);
    await verifyApiKey(t.db, api_key.secret);
    expect((await read())?.getTime()).toBeGreaterThan(first?.getTime() ?? 0);
  });
});

describe("crypto and money helpers", () => {
  it("encrypts signing secrets with AES-256-GCM and detects tampering", () => {
    const key = Buffer.alloc(32, 9).toString("base64");
    const sealed = encryptSecret("whsec-like secret", key);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed, key)).toBe("whsec-like secret");
    const tampered = `${sealed.slice(0, -2)}AA`;
    expect(() => decryptSecret(tampered, key)).toThrow();
    expect(() => decryptSecret("v2.x.y.z", key)).toThrow(/format/);
    expect(randomBase62(32)).toMatch(/^[0-9A-Za-z]{43}$/);
  });

  it("parses and prints USD exactly in micro-dollars", () => {
    expect(parseUsdToMicros("5.00")).toBe(5_000_000n);
    expect(parseUsdToMicros("0.000001")).toBe(1n);
    expect(parseUsdToMicros("10")).toBe(10_000_000n);
    expect(() => parseUsdToMicros("1.2345678")).toThrow();
    expect(() => parseUsdToMicros("-1")).toThrow();
    expect(formatMicrosAsUsd(5_000_000n)).toBe("5.000000");
    expect(formatMicrosAsUsd(-1n)).toBe("-0.000001");
  });
});
