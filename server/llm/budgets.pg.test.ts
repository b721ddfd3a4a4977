import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { POST as chatRoute } from "@/app/api/v1/chat/completions/route";
import { apiKeys } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, sessionRequest } from "@/test/factories";
import { FakeLlm } from "@/test/fake-llm";
import { describeOnPostgres } from "@/test/pg-only";
import { setEnvForTests } from "../platform/env";
import { resetBreakersForTests } from "./breakers";

const t = withTestDb();
const openai = new FakeLlm("openai");

beforeAll(() => openai.start());
afterAll(() => openai.stop());
beforeEach(() => {
  resetBreakersForTests();
  setEnvForTests({
    OPENAI_API_KEY: "sk-brikk-openai",
    OPENAI_BASE_URL: openai.url,
    BRIKK_RATE_LIMIT_ENABLED: "false",
  });
});

describeOnPostgres("hard cap under concurrency", () => {
  it("50 concurrent streamed calls against a cap whose holds fit 10: never over the cap, at least 9 served", async () => {
    const owner = await createUser(t.db);
    const res = await createAgentRoute(
      sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Capped" } }),
    );
    const { api_key } = await res.json();
    const cap = 10_000n; // $0.01
    await t.db
      .update(apiKeys)
      .set({ softCapUsdMicros: cap, hardCapUsdMicros: cap })
      .where(eq(apiKeys.id, api_key.id));
    // Each call may cost up to ~$0.000965 (1,600 output tokens at $0.60/M plus the prompt): 10 fit.
    openai.fallback = {
      kind: "ok",
      text: "a b c d e f",
      chunkDelayMs: 20,
      promptTokens: 12,
      completionTokens: 6,
    };
    const statuses = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await chatRoute(
          new Request(`${ORIGIN}/api/v1/chat/completions`, {
            method: "POST",
            headers: { authorization: `Bearer ${api_key.secret}`, "content-type": "application/json" },
            body: JSON.stringify({
              model: "openai/gpt-4o-mini",
              stream: true,
              max_tokens: 1_600,
              messages: [{ role: "user", content: "hi" }],
            }),
          }),
        );
        if (response.status === 200) expect(await response.text()).toContain("[DONE]");
        return response.status;
      }),
    );
    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBeGreaterThanOrEqual(9);
    expect(statuses.filter((s) => s !== 200 && s !== 402)).toEqual([]);
    const [day] = (await t.db.execute(
      sql`select spent_micro_usd::text as spent, reserved_micro_usd::text as reserved from api_key_daily_spend where key_id = ${api_key.id}`,
    )) as unknown as { spent: string; reserved: string }[];
    expect(BigInt(day?.spent ?? "-1")).toBeLessThanOrEqual(cap);
    expect(day?.reserved).toBe("0");
    expect(BigInt(day?.spent ?? "0")).toBe(BigInt(served) * 6n); // 12 × 0.15 + 6 × 0.60 = 5.4 → 6 each
  });
});
