import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as usageMeRoute } from "@/app/api/v1/usage/me/route";
import { apiKeys, auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { ORIGIN } from "@/test/factories";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";

const t = withTestDb();
const { openai } = withFakeUpstreams();

/** An agent key with the given daily caps in micro-dollars. */
async function keyWithCaps(softMicroUsd: bigint, hardMicroUsd: bigint) {
  const made = await agentKeyFor(t.db, "Budgeted");
  await t.db
    .update(apiKeys)
    .set({ softCapUsdMicros: softMicroUsd, hardCapUsdMicros: hardMicroUsd })
    .where(eq(apiKeys.id, made.keyId));
  return made;
}

const chat = (key: string, body: Record<string, unknown> = {}) =>
  chatAs(key, { model: "openai/gpt-4o-mini", ...body });

describe("per-key daily budgets", () => {
  it("refuses a call whose worst case does not fit the hard cap, with 402 budget_exceeded", async () => {
    const { key } = await keyWithCaps(500n, 1_000n); // $0.000500 soft, $0.001000 hard
    const res = await chat(key, { max_tokens: 5_000 }); // up to 5,000 × $0.60/M = $0.003
    expect(res.status).toBe(402);
    expect((await res.json()).error).toMatchObject({ code: "budget_exceeded", type: "insufficient_quota" });
    expect(res.headers.get("x-brikk-budget-remaining")).toBe("0.001000");
    expect(openai.received).toHaveLength(0);
  });

  it("charges the actual cost, reports it in headers, and flags the soft cap once per threshold", async () => {
    const { key, keyId } = await keyWithCaps(10n, 10_000n);
    openai.next({ kind: "ok", promptTokens: 10, completionTokens: 10 }); // 1.5 + 6 = 7.5 → 8 micro-dollars
    const first = await chat(key, { max_tokens: 100 });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-brikk-usage-today")).toBe("0.000008");
    expect(first.headers.get("x-brikk-budget-remaining")).toBe("0.009992");
    expect(first.headers.get("x-brikk-soft-cap-exceeded")).toBe("false");
    openai.next({ kind: "ok", promptTokens: 10, completionTokens: 10 });
    const second = await chat(key, { max_tokens: 100 });
    expect(second.headers.get("x-brikk-usage-today")).toBe("0.000016");
    expect(second.headers.get("x-brikk-soft-cap-exceeded")).toBe("true");
    openai.next({ kind: "ok", promptTokens: 10, completionTokens: 10 });
    await chat(key, { max_tokens: 100 });
    const usage = await (
      await usageMeRoute(
        new Request(`${ORIGIN}/api/v1/usage/me`, { headers: { authorization: `Bearer ${key}` } }),
      )
    ).json();
    expect(usage).toMatchObject({
      api_key_id: keyId,
      today: { cost_usd: "0.000024", requests: 3, tokens: 60, prompt_tokens: 30, completion_tokens: 30 },
      this_week: { cost_usd: "0.000024", requests: 3, tokens: 60 },
      this_month: { cost_usd: "0.000024", requests: 3, tokens: 60 },
      soft_cap_usd: "0.000010",
      hard_cap_usd: "0.010000",
      soft_cap_exceeded: true,
    });
    expect(usage.by_model).toEqual([
      {
        model: "openai/gpt-4o-mini",
        cost_usd: "0.000024",
        requests: 3,
        tokens: 60,
        prompt_tokens: 30,
        completion_tokens: 30,
      },
    ]);
    const alerts = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "budget.soft_cap_threshold"));
    const mine = alerts.filter((a) => a.targetId === keyId).map((a) => a.metadata.threshold_percent);
    expect(mine.sort()).toEqual([100, 80]); // 50 % and 80 % were crossed together, announced as 80 %
  });
});
