import { and, desc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type LlmPrice, llmPrices } from "@/db/schema";
import { AppError } from "../errors";
import { now } from "../platform/clock";
import { sharedTtlCache } from "../platform/ttl-cache";
import type { Usage } from "./types";

// Costs are computed here and nowhere else, from the tokens the provider reported. Integers only:
// micro-dollars per million tokens, so a call's cost is Σ tokens × price / 1,000,000 micro-dollars,
// rounded up once per call (never per component: rounding three times would overcharge).

const TOKENS_PER_PRICE_UNIT = 1_000_000n;

export type PriceRow = Pick<LlmPrice, "inputMicroUsdPerM" | "cachedInputMicroUsdPerM" | "outputMicroUsdPerM">;

const priceCache = () => sharedTtlCache<PriceRow | null>("llm-prices", { ttlMs: 60_000, maxEntries: 1000 });

/** The price in force now for a model; a model without one cannot be used (400). */
export async function priceFor(db: DbOrTx, provider: string, model: string): Promise<PriceRow> {
  const key = `${provider}/${model}`;
  let price = priceCache().get(key);
  if (price === undefined) {
    const [row] = await db
      .select()
      .from(llmPrices)
      .where(
        and(
          eq(llmPrices.provider, provider),
          eq(llmPrices.model, model),
          lte(llmPrices.effectiveFrom, now()),
        ),
      )
      .orderBy(desc(llmPrices.effectiveFrom))
      .limit(1);
    price = row ?? null;
    priceCache().set(key, price);
  }
  if (!price) {
    throw new AppError(
      "bad_request",
      `The model '${key}' has no price, so it cannot be billed; ask an admin to add one`,
      {
        errors: [{ pointer: "/model", detail: `no price for ${key}` }],
      },
    );
  }
  return price;
}

/** Cost of a call in micro-dollars: exact, rounded up once. Cached tokens are part of prompt_tokens. */
export function costMicroUsd(
  usage: Pick<Usage, "prompt_tokens" | "completion_tokens" | "prompt_tokens_details">,
  price: PriceRow,
): bigint {
  const cached = BigInt(Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens));
  const uncached = BigInt(usage.prompt_tokens) - cached;
  const scaled =
    uncached * price.inputMicroUsdPerM +
    cached * price.cachedInputMicroUsdPerM +
    BigInt(usage.completion_tokens) * price.outputMicroUsdPerM;
  return (scaled + TOKENS_PER_PRICE_UNIT - 1n) / TOKENS_PER_PRICE_UNIT;
}

/** Our prompt count can differ from another tokenizer's (up to a quarter more here); the hold allows for it. */
export function promptAllowance(tokens: number): number {
  return Math.ceil(tokens * 1.25) + 16;
}

/**
 * The most a call can cost (micro-dollars) over its fallback chain: what is held before it runs.
 * The prompt at its allowance, the output at the request's max tokens, at the dearest candidate.
 */
export function worstCaseCostMicroUsd(
  prices: PriceRow[],
  promptTokens: number,
  maxOutputTokens: number,
): bigint {
  let worst = 0n;
  for (const price of prices) {
    const cost = costMicroUsd(
      { prompt_tokens: promptAllowance(promptTokens), completion_tokens: maxOutputTokens },
      price,
    );
    if (cost > worst) worst = cost;
  }
  return worst;
}

/** Micro-credits for a call: the per-call price plus the dollar cost at CREDITS_PER_USD, rounded up. */
export function creditsForCall(
  costMicroUsdValue: bigint,
  perCallMicros: bigint,
  creditsPerUsd: number,
): bigint {
  // micro-dollars × credits/USD = micro-credits exactly (both sides are millionths).
  return perCallMicros + costMicroUsdValue * BigInt(creditsPerUsd);
}
