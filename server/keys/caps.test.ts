import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PATCH as patchKey } from "@/app/api/v1/keys/[id]/route";
import { GET as keysMe } from "@/app/api/v1/keys/me/route";
import { GET as usageMeRoute } from "@/app/api/v1/usage/me/route";
import { apiKeys, auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { ORIGIN, sessionRequest } from "@/test/factories";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { setEnvForTests } from "../platform/env";

// A key's daily spend caps are set through PATCH /api/v1/keys/{id} (and the key pages, which call
// the same service): decimal strings, soft ≤ hard, null = the server's default; audited, and in
// force for the very next call.

const t = withTestDb();
const { openai } = withFakeUpstreams();
const params = (id: string) => ({ params: Promise.resolve({ id }) });

const asKey = (path: string, key: string) =>
  new Request(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${key}` } });

async function patchCaps(cookie: string, keyId: string, body: unknown) {
  return patchKey(sessionRequest(`/api/v1/keys/${keyId}`, { method: "PATCH", cookie, body }), params(keyId));
}

describe("spend caps per key", () => {
  it("are set as decimal strings, shown in keys/me and usage/me, audited, and enforced on the next call", async () => {
    const { owner, key, keyId } = await agentKeyFor(t.db, "Capped");
    const before = await (await keysMe(asKey("/api/v1/keys/me", key))).json();
    expect(before).toMatchObject({
      soft_cap_usd: "5.000000",
      hard_cap_usd: "10.000000",
      soft_cap_is_default: true,
      hard_cap_is_default: true,
    });

    const res = await patchCaps(owner.cookie, keyId, { soft_cap_usd: "0.0005", hard_cap_usd: "0.001" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ soft_cap_usd: "0.000500", hard_cap_usd: "0.001000" });
    expect(await (await keysMe(asKey("/api/v1/keys/me", key))).json()).toMatchObject({
      soft_cap_usd: "0.000500",
      hard_cap_usd: "0.001000",
      soft_cap_is_default: false,
    });
    expect(await (await usageMeRoute(asKey("/api/v1/usage/me", key))).json()).toMatchObject({
      api_key_id: keyId,
      soft_cap_usd: "0.000500",
      hard_cap_usd: "0.001000",
    });
    // Up to 5,000 × $0.60/M = $0.003 fits the default $10 cap, not the new $0.001 one.
    const refused = await chatAs(key, { model: "openai/gpt-4o-mini", max_tokens: 5_000 });
    expect(refused.status).toBe(402);
    expect((await refused.json()).error.code).toBe("budget_exceeded");
    expect(openai.received).toHaveLength(0);

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, keyId), eq(auditEvents.action, "api_key.updated")));
    expect(audit?.metadata).toMatchObject({ soft_cap_usd: "0.000500", hard_cap_usd: "0.001000" });

    // null puts a cap back on the default, which follows the server's setting.
    setEnvForTests({ BRIKK_DEFAULT_HARD_CAP_USD: "20.00" });
    const reset = await patchCaps(owner.cookie, keyId, { hard_cap_usd: null });
    expect(await reset.json()).toMatchObject({ hard_cap_usd: "20.000000", hard_cap_is_default: true });
  });

  it("refuses soft above hard and anything but decimal strings with a 422 naming the field, changing nothing", async () => {
    const { owner, keyId } = await agentKeyFor(t.db, "Strict");
    await patchCaps(owner.cookie, keyId, { soft_cap_usd: "1.50", hard_cap_usd: "3" });
    const cases: [unknown, string][] = [
      [{ soft_cap_usd: "4" }, "/soft_cap_usd"], // above the stored hard cap
      [{ hard_cap_usd: "1" }, "/hard_cap_usd"], // below the stored soft cap
      [{ soft_cap_usd: "11", hard_cap_usd: null }, "/soft_cap_usd"], // above the default hard cap ($10)
      [{ soft_cap_usd: 2.5 }, "/soft_cap_usd"], // a float loses digits: strings only
      [{ hard_cap_usd: "-1" }, "/hard_cap_usd"],
      [{ hard_cap_usd: "1.0000001" }, "/hard_cap_usd"],
    ];
    for (const [body, pointer] of cases) {
      const res = await patchCaps(owner.cookie, keyId, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const problem = await res.json();
      expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect([row?.softCapUsdMicros, row?.hardCapUsdMicros]).toEqual([1_500_000n, 3_000_000n]);
  });
});
