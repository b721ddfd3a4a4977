import { getDbHandle } from "../platform/db";
import { type DaySpend, holdBudget, settleHeldBudget } from "./budget-batch";
import type { BudgetHold, KeyCaps } from "./budgets";
import { holdCredits, settleHeldCredits } from "./reservation-batch";
import { releaseReservation } from "./reservations";
import type { UsageEventRow } from "./usage-events";

// The money primitive of a call whose price is known only after it ran (an LLM call): `hold` the
// most it can cost, then `settle` what it cost or `release` it whole. A hold takes the org's
// credits and, for a key, its day's budget together: both or neither. Settling charges the
// credits (capped at the hold) with the call's usage event in the same commit, and moves the
// key's spend; each side is group committed with other calls' (reservation-batch, budget-batch).
// A call whose price is known first takes the other entry point, `charge` (charge.ts).

export type HoldRequest = {
  /** The reservation's id, unique per call (e.g. `llm:<call id>`). */
  id: string;
  orgId: string;
  creditsMicros: bigint;
  description: string;
  /** The calling key's caps and what its budget must hold (USD micros); null for a session. */
  budget: { caps: KeyCaps; microUsd: bigint } | null;
  /** Names the budget's alerts and audit rows. */
  requestId: string;
};

export type CallHold = {
  id: string;
  orgId: string;
  creditsMicros: bigint;
  budget: BudgetHold | null;
  requestId: string;
};

/** The hold, or the refusal (402 `insufficient_credits` or `budget_exceeded`) with nothing held. */
export async function hold(request: HoldRequest): Promise<CallHold> {
  const [credits, budget] = await Promise.allSettled([
    holdCredits({
      id: request.id,
      orgId: request.orgId,
      amountMicros: request.creditsMicros,
      description: request.description,
    }),
    request.budget ? holdBudget(request.budget.caps, request.budget.microUsd) : Promise.resolve(null),
  ]);
  const { id, orgId, creditsMicros, requestId } = request;
  const held: CallHold = {
    id,
    orgId,
    creditsMicros,
    budget: budget.status === "fulfilled" ? budget.value : null,
    requestId,
  };
  if (credits.status === "fulfilled" && budget.status === "fulfilled") return held;
  // One side refused: give the other back, and answer with the refusal.
  await releaseSides(held, { credits: credits.status === "fulfilled" });
  throw credits.status === "rejected" ? credits.reason : (budget as PromiseRejectedResult).reason;
}

export type Settlement = {
  /** Credits charged (micros): what the call cost, capped at its hold. */
  chargedMicros: bigint;
  /** The key's day after the settlement; null for a session. */
  day: DaySpend | null;
};

/** Charges what the call cost and frees the rest of both holds. Settling twice changes nothing. */
export async function settle(
  held: CallHold,
  outcome: {
    creditsMicros: bigint;
    costMicroUsd: bigint;
    metadata: Record<string, unknown>;
    usageEvent: UsageEventRow;
  },
): Promise<Settlement> {
  const [settled, day] = await Promise.all([
    settleHeldCredits({
      id: held.id,
      actualMicros: outcome.creditsMicros,
      metadata: outcome.metadata,
      usageEvent: outcome.usageEvent,
    }),
    held.budget
      ? settleHeldBudget(held.budget, outcome.costMicroUsd, { orgId: held.orgId, requestId: held.requestId })
      : null,
  ]);
  return { chargedMicros: settled.chargedMicros, day };
}

/** Gives both holds back whole (the call failed before it cost anything), its event with them. */
export function release(held: CallHold, usageEvent?: UsageEventRow): Promise<void> {
  return releaseSides(held, { credits: true }, usageEvent);
}

async function releaseSides(held: CallHold, sides: { credits: boolean }, usageEvent?: UsageEventRow) {
  await Promise.all([
    sides.credits ? releaseReservation((await getDbHandle()).db, held.id, usageEvent) : null,
    held.budget ? settleHeldBudget(held.budget, 0n, { orgId: held.orgId, requestId: held.requestId }) : null,
  ]);
}
