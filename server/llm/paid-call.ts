import { newId } from "@/db/ids";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import type { DaySpend } from "../ledger/budget-batch";
import { type CallHold, hold, release, settle } from "../ledger/holds";
import { getEnv } from "../platform/env";
import { formatMicroCredits, formatMicrosAsUsd } from "../platform/money";
import { gatePremiumModels } from "../reputation/premium";
import { candidatesFor, type ResolvedModel } from "./catalog";
import type { Served } from "./gateway";
import { type MeteredCall, meterTokens, usageEventRow } from "./metering";
import { costMicroUsd, creditsForCall, type PriceRow, priceFor, worstCaseCostMicroUsd } from "./prices";
import type { ChatCompletionInput } from "./schemas";
import { countPromptTokens } from "./tokens";
import type { ChatRequest, Usage } from "./types";

// Paying for one chat completion, in three steps. `holdCall`: price every model the call may be
// served by, and hold the worst case in credits and in the key's budget (402 if either refuses,
// before any provider is called). `settleCall`: the cost of what was served, from the provider's
// usage, charged with the call's usage event in the same commit, the rest of both holds freed.
// `releaseCall`: a call no provider answered gives both holds back, its event beside them.

export type PaidCall = MeteredCall & {
  hold: CallHold;
  /** The requested model and its fallbacks, in order: what the gateway may try. */
  candidates: ResolvedModel[];
  /** Each candidate's price, by position. */
  prices: PriceRow[];
  promptTokens: number;
  /** The API route the call is billed under (the panel's turns are chat completions too). */
  route: string;
};

export async function holdCall(
  ctx: OrgContext,
  input: ChatCompletionInput,
  route = "/api/v1/chat/completions",
  /** The call's id, when the caller must know it (and its hold, `llm:<id>`) before it is made. */
  id: string = newId("llmCall"),
): Promise<PaidCall> {
  const started = performance.now();
  const candidates = await gatePremiumModels(ctx, candidatesFor(input.model, input.models));
  const prices = await Promise.all(candidates.map((c) => priceFor(ctx.db, c.provider.name, c.model)));
  const promptTokens = countPromptTokens(input.messages as ChatRequest["messages"]);
  const { llm, prices: callPrices } = getEnv();
  const maxOutput = input.max_completion_tokens ?? input.max_tokens ?? llm.defaultMaxTokens;
  const worst = worstCaseCostMicroUsd(prices, promptTokens, maxOutput);
  // Dashboard sessions have no key, so no key budget.
  const key = ctx.actor.type === "api_key" ? ctx.actor : null;
  const held = await hold({
    id: `llm:${id}`,
    orgId: ctx.org.id,
    creditsMicros: creditsForCall(worst, callPrices.apiCall, llm.creditsPerUsd),
    description: `Chat completion (${input.model})`,
    budget: key && {
      caps: {
        keyId: key.keyId,
        softCapMicroUsd: key.caps.softMicroUsd,
        hardCapMicroUsd: key.caps.hardMicroUsd,
      },
      microUsd: worst,
    },
    requestId: ctx.requestId ?? "",
  });
  return { id, ctx, input, started, hold: held, candidates, prices, promptTokens, route };
}

export type Bill = {
  costMicroUsd: bigint;
  /** Credits charged (micros). */
  creditsMicros: bigint;
  /** The key's day after this call; null for a session. */
  day: DaySpend | null;
};

/** How a served call ended: in full, or cut (by the provider or the client) after some output. */
export type CallEnd = { status: "completed" | "cut"; errorCode: string | null; ttftMs: number | null };

export async function settleCall(call: PaidCall, served: Served, usage: Usage, end: CallEnd): Promise<Bill> {
  const price = call.prices[call.candidates.findIndex((c) => c.id === served.served.id)] ?? call.prices[0];
  if (!price) throw new Error("no price for the served model");
  const cost = costMicroUsd(usage, price);
  meterTokens(served.served, usage, cost);
  const { llm, prices } = getEnv();
  const settlement = await settle(call.hold, {
    creditsMicros: creditsForCall(cost, prices.apiCall, llm.creditsPerUsd),
    costMicroUsd: cost,
    metadata: {
      service: "llm",
      route: call.route,
      model: served.served.id,
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      cost_usd: formatMicrosAsUsd(cost),
      request_id: call.ctx.requestId ?? null,
      reserved: formatMicroCredits(call.hold.creditsMicros),
    },
    usageEvent: usageEventRow(call, {
      served: { model: served.served, attempts: served.attempts, fallback: served.fallback },
      usage,
      costMicroUsd: cost,
      httpStatus: 200,
      ...end,
    }),
  });
  return { costMicroUsd: cost, creditsMicros: settlement.chargedMicros, day: settlement.day };
}

export async function releaseCall(call: PaidCall, error: unknown): Promise<void> {
  const appError = error instanceof AppError ? error : null;
  await release(
    call.hold,
    usageEventRow(call, {
      served: null,
      usage: null,
      costMicroUsd: 0n,
      status: "failed",
      httpStatus: appError?.status ?? 500,
      errorCode: appError?.code ?? "internal",
      ttftMs: null,
    }),
  );
}
