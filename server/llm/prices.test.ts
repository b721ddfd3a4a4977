import { describe, expect, it } from "vitest";
import { llmPrices } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { installFakeClock } from "../platform/clock";
import { costMicroUsd, creditsForCall, priceFor, promptAllowance, worstCaseCostMicroUsd } from "./prices";

// The LLM cost calculation (the product notes' 100% floor): every figure below was worked out by
// hand from the prices, not taken from the code.

const t = withTestDb();

// gpt-4o-mini-like: $0.15 / M input, $0.075 / M cached input, $0.60 / M output.
const mini = { inputMicroUsdPerM: 150_000n, cachedInputMicroUsdPerM: 75_000n, outputMicroUsdPerM: 600_000n };
// A dearer candidate: $2.50 / M input, $1.25 / M cached, $10 / M output.
const big = {
  inputMicroUsdPerM: 2_500_000n,
  cachedInputMicroUsdPerM: 1_250_000n,
  outputMicroUsdPerM: 10_000_000n,
};

describe("LLM cost", () => {
  it("sums tokens × price exactly and rounds up once per call", () => {
    // 10 × 0.15 + 10 × 0.60 = 7.5 µ$ → 8 (one rounding, not 2 + 6).
    expect(costMicroUsd({ prompt_tokens: 10, completion_tokens: 10 }, mini)).toBe(8n);
    // 1,000,000 prompt + 1,000,000 completion = $0.75 exactly: no rounding.
    expect(costMicroUsd({ prompt_tokens: 1_000_000, completion_tokens: 1_000_000 }, mini)).toBe(750_000n);
    expect(costMicroUsd({ prompt_tokens: 0, completion_tokens: 0 }, mini)).toBe(0n);
    // One token of output is 0.6 µ$ → 1: a call is never free by rounding.
    expect(costMicroUsd({ prompt_tokens: 0, completion_tokens: 1 }, mini)).toBe(1n);
  });

  it("bills cached prompt tokens at the cached price, never more of them than the prompt", () => {
    // 1,000 prompt of which 400 cached: 600 × 0.15 + 400 × 0.075 + 100 × 0.60 = 90 + 30 + 60 = 180.
    const usage = {
      prompt_tokens: 1_000,
      completion_tokens: 100,
      prompt_tokens_details: { cached_tokens: 400 },
    };
    expect(costMicroUsd(usage, mini)).toBe(180n);
    // A provider claiming more cached tokens than prompt tokens: all 10 cached, 10 × 0.075 = 0.75 → 1.
    const odd = { prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 50 } };
    expect(costMicroUsd(odd, mini)).toBe(1n);
  });

  it("holds the worst case over the fallback chain, the prompt with its tokenizer allowance", () => {
    expect(promptAllowance(0)).toBe(16);
    expect(promptAllowance(100)).toBe(141); // ⌈125⌉ + 16
    expect(promptAllowance(3)).toBe(20); // ⌈3.75⌉ + 16
    // 100 prompt → 141; 1,000 output. mini: 141 × 0.15 + 1,000 × 0.60 = 21.15 + 600 → 622.
    expect(worstCaseCostMicroUsd([mini], 100, 1_000)).toBe(622n);
    // big: 141 × 2.5 + 1,000 × 10 = 352.5 + 10,000 → 10,353, the dearer one wins in any order.
    expect(worstCaseCostMicroUsd([mini, big], 100, 1_000)).toBe(10_353n);
    expect(worstCaseCostMicroUsd([big, mini], 100, 1_000)).toBe(10_353n);
    expect(worstCaseCostMicroUsd([], 100, 1_000)).toBe(0n);
  });

  it("turns a cost into micro-credits at CREDITS_PER_USD plus the per-call price", () => {
    // 8 µ$ at 100 credits/USD = 800 micro-credits, plus 1 credit per call.
    expect(creditsForCall(8n, 1_000_000n, 100)).toBe(1_000_800n);
    expect(creditsForCall(0n, 0n, 100)).toBe(0n);
  });

  it("reads the price in force now, caches it, and refuses a model without one (400 naming /model)", async () => {
    const clock = installFakeClock(new Date("2030-01-01T00:00:00Z"));
    try {
      await t.db.insert(llmPrices).values([
        { provider: "acme", model: "m1", ...mini, effectiveFrom: new Date("2029-01-01T00:00:00Z") },
        { provider: "acme", model: "m1", ...big, effectiveFrom: new Date("2029-06-01T00:00:00Z") },
        { provider: "acme", model: "m1", ...mini, effectiveFrom: new Date("2031-01-01T00:00:00Z") },
      ]);
      expect(await priceFor(t.db, "acme", "m1")).toMatchObject(big);
      // Cached: a new row is not seen until the entry expires (60 s).
      await t.db.delete(llmPrices);
      expect(await priceFor(t.db, "acme", "m1")).toMatchObject(big);
      await expect(priceFor(t.db, "acme", "unpriced")).rejects.toMatchObject({
        code: "bad_request",
        details: { errors: [{ pointer: "/model" }] },
      });
    } finally {
      clock.restore();
    }
  });
});
