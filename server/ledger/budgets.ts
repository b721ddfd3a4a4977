import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { recordAuditQuietly } from "../audit/service";
import { AppError } from "../errors";
import { nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { formatMicrosAsUsd } from "../platform/money";

// Per-key daily budgets in USD (UTC day). The hard cap is never exceeded: before a call, the most
// it can cost is added to the day's `reserved` by one conditional statement (spent + reserved +
// hold <= cap, or nothing), which PostgreSQL serialises on the row across every instance; after
// the call the hold becomes what it actually cost (never more than the hold). The soft cap only
// warns: a header on every response past it, and an audit event plus an optional webhook once per
// threshold (50 %, 80 %, 100 %) per day.

export type KeyCaps = { keyId: string; softCapMicroUsd: bigint; hardCapMicroUsd: bigint };
export type BudgetHold = KeyCaps & {
  day: string;
  holdMicroUsd: bigint;
  spentBefore: bigint;
  reservedAfter: bigint;
};

const THRESHOLDS = [
  { bit: 1, percent: 50n },
  { bit: 2, percent: 80n },
  { bit: 4, percent: 100n },
];

export const utcDay = (ms = nowMs()) => new Date(ms).toISOString().slice(0, 10);

/** Holds `holdMicroUsd` of today's budget, or refuses with 402 `budget_exceeded`. */
export async function reserveBudget(db: DbOrTx, caps: KeyCaps, holdMicroUsd: bigint): Promise<BudgetHold> {
  const day = utcDay();
  const [row] = rowsOf<{ spent: string; reserved: string }>(
    await db.execute(sql`
      insert into api_key_daily_spend as d (key_id, day, reserved_micro_usd)
      select ${caps.keyId}, ${day}, ${holdMicroUsd}::bigint where ${holdMicroUsd}::bigint <= ${caps.hardCapMicroUsd}::bigint
      on conflict (key_id, day) do update set reserved_micro_usd = d.reserved_micro_usd + excluded.reserved_micro_usd
      where d.spent_micro_usd + d.reserved_micro_usd + excluded.reserved_micro_usd <= ${caps.hardCapMicroUsd}::bigint
      returning d.spent_micro_usd::text as spent, d.reserved_micro_usd::text as reserved`),
  );
  if (!row) {
    const [current] = rowsOf<{ spent: string; reserved: string }>(
      await db.execute(sql`
        select spent_micro_usd::text as spent, reserved_micro_usd::text as reserved
        from api_key_daily_spend where key_id = ${caps.keyId} and day = ${day}`),
    );
    const used = BigInt(current?.spent ?? "0") + BigInt(current?.reserved ?? "0");
    throw new AppError(
      "budget_exceeded",
      `This call may cost up to $${formatMicrosAsUsd(holdMicroUsd)}; this key has $${formatMicrosAsUsd(
        caps.hardCapMicroUsd - used > 0n ? caps.hardCapMicroUsd - used : 0n,
      )} of its $${formatMicrosAsUsd(caps.hardCapMicroUsd)} daily hard cap left (resets at 00:00 UTC)`,
      { headers: budgetHeaders(caps, BigInt(current?.spent ?? "0"), BigInt(current?.reserved ?? "0")) },
    );
  }
  return { ...caps, day, holdMicroUsd, spentBefore: BigInt(row.spent), reservedAfter: BigInt(row.reserved) };
}

/** Turns a hold into what the call cost (capped at the hold) and announces soft-cap thresholds. */
export async function settleBudget(
  db: DbOrTx,
  hold: BudgetHold,
  actualMicroUsd: bigint,
  context: { orgId: string; requestId: string },
): Promise<{ spentMicroUsd: bigint; reservedMicroUsd: bigint }> {
  const charged = actualMicroUsd < hold.holdMicroUsd ? actualMicroUsd : hold.holdMicroUsd;
  const [row] = rowsOf<{ spent: string; reserved: string; alerts: number }>(
    await db.execute(sql`
      update api_key_daily_spend set
        reserved_micro_usd = reserved_micro_usd - ${hold.holdMicroUsd}::bigint,
        spent_micro_usd = spent_micro_usd + ${charged}::bigint,
        requests = requests + 1
      where key_id = ${hold.keyId} and day = ${hold.day}
      returning spent_micro_usd::text as spent, reserved_micro_usd::text as reserved, soft_alerts as alerts`),
  );
  const spent = BigInt(row?.spent ?? "0");
  await announceThresholds(db, hold, spent, row?.alerts ?? 0, context);
  return { spentMicroUsd: spent, reservedMicroUsd: BigInt(row?.reserved ?? "0") };
}

export async function announceThresholds(
  db: DbOrTx,
  hold: BudgetHold,
  spent: bigint,
  alreadySent: number,
  context: { orgId: string; requestId: string },
): Promise<void> {
  if (hold.softCapMicroUsd <= 0n) return;
  const crossed = THRESHOLDS.filter(
    (t) => (alreadySent & t.bit) === 0 && spent * 100n >= hold.softCapMicroUsd * t.percent,
  );
  if (crossed.length === 0) return;
  const bits = crossed.reduce((all, t) => all | t.bit, 0);
  // Claim the bits: only the instance whose update flips them announces (once per day).
  const [claimed] = rowsOf<{ alerts: number }>(
    await db.execute(sql`
      update api_key_daily_spend set soft_alerts = soft_alerts | ${bits}::int
      where key_id = ${hold.keyId} and day = ${hold.day} and (soft_alerts & ${bits}::int) = 0
      returning soft_alerts as alerts`),
  );
  if (!claimed) return;
  const percent = crossed.at(-1)?.percent ?? 100n;
  const detail = {
    key_id: hold.keyId,
    day: hold.day,
    threshold_percent: Number(percent),
    spent_usd: formatMicrosAsUsd(spent),
    soft_cap_usd: formatMicrosAsUsd(hold.softCapMicroUsd),
    hard_cap_usd: formatMicrosAsUsd(hold.hardCapMicroUsd),
  };
  await recordAuditQuietly(db, {
    orgId: context.orgId,
    actor: { type: "system" },
    action: "budget.soft_cap_threshold",
    target: { type: "api_key", id: hold.keyId },
    metadata: detail,
    requestId: context.requestId,
  });
  const url = getEnv().llm.alertWebhookUrl;
  if (url) {
    void fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "budget.soft_cap_threshold", org_id: context.orgId, ...detail }),
      signal: AbortSignal.timeout(5_000),
    }).catch((error: unknown) => getLogger().warn({ err: error }, "budget alert webhook failed"));
  }
}

/** X-Brikk-Usage-Today, X-Brikk-Budget-Remaining and X-Brikk-Soft-Cap-Exceeded (USD). */
export function budgetHeaders(caps: KeyCaps, spent: bigint, reserved: bigint): Record<string, string> {
  const remaining = caps.hardCapMicroUsd - spent - reserved;
  return {
    "x-brikk-usage-today": formatMicrosAsUsd(spent),
    "x-brikk-budget-remaining": formatMicrosAsUsd(remaining > 0n ? remaining : 0n),
    "x-brikk-soft-cap-exceeded": String(caps.softCapMicroUsd > 0n && spent >= caps.softCapMicroUsd),
  };
}
