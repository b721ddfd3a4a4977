import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { describeOnPostgres } from "@/test/pg-only";

const t = withTestDb();
const { openai } = withFakeUpstreams();

describeOnPostgres("hard cap under concurrency", () => {
  it("50 concurrent streamed calls against a cap whose holds fit 10: never over the cap, at least 9 served", async () => {
    const { key, keyId } = await agentKeyFor(t.db, "Capped");
    const cap = 10_000n; // $0.01
    await t.db
      .update(apiKeys)
      .set({ softCapUsdMicros: cap, hardCapUsdMicros: cap })
      .where(eq(apiKeys.id, keyId));
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
        const response = await chatAs(key, { model: "openai/gpt-4o-mini", stream: true, max_tokens: 1_600 });
        if (response.status === 200) expect(await response.text()).toContain("[DONE]");
        return response.status;
      }),
    );
    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBeGreaterThanOrEqual(9);
    expect(statuses.filter((s) => s !== 200 && s !== 402)).toEqual([]);
    const [day] = (await t.db.execute(
      sql`select spent_micro_usd::text as spent, reserved_micro_usd::text as reserved from api_key_daily_spend where key_id = ${keyId}`,
    )) as unknown as { spent: string; reserved: string }[];
    expect(BigInt(day?.spent ?? "-1")).toBeLessThanOrEqual(cap);
    expect(day?.reserved).toBe("0");
    expect(BigInt(day?.spent ?? "0")).toBe(BigInt(served) * 6n); // 12 × 0.15 + 6 × 0.60 = 5.4 → 6 each
  });
});
