import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import type { OrgContext } from "../context";
import { utcDay } from "../ledger/budgets";
import { nowMs } from "../platform/clock";
import { formatMicrosAsUsd } from "../platform/money";

// GET /api/v1/usage/me: what the calling key (or, from the dashboard, the signed-in user) spent on
// LLM calls today, this week (from Monday, UTC) and this month, per model (this month), against
// its caps. The shape is the product notes' (PLAN phase 8), `api_key_id` included.

type Window = {
  cost_usd: string;
  requests: number;
  tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
};
export type UsageMe = {
  api_key_id: string | null;
  today: Window;
  this_week: Window;
  this_month: Window;
  by_model: (Window & { model: string })[];
  soft_cap_usd: string | null;
  hard_cap_usd: string | null;
  soft_cap_exceeded: boolean;
};

type Row = {
  span: string;
  model: string;
  cost: string;
  requests: number;
  prompt: number;
  completion: number;
};

/** The caller's own spend: a key's (with its caps), or a signed-in user's calls (no caps). */
export async function usageMe({ ctx }: { ctx: OrgContext }): Promise<UsageMe> {
  const actor = ctx.actor;
  const key = actor.type === "api_key" ? actor : null;
  const who = {
    keyId: key?.keyId ?? null,
    userId: actor.type === "user" ? actor.userId : null,
    softCap: key?.caps.softMicroUsd ?? null,
    hardCap: key?.caps.hardMicroUsd ?? null,
  };
  const now = new Date(nowMs());
  const today = new Date(`${utcDay(now.getTime())}T00:00:00Z`);
  const week = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000);
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const since = week < month ? week : month;
  const caller = who.keyId ? sql`key_id = ${who.keyId}` : sql`user_id = ${who.userId}`;
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select w.span, coalesce(provider || '/' || model, requested_model) as model,
             sum(cost_micro_usd)::text as cost, count(*)::int as requests,
             sum(prompt_tokens)::int as prompt, sum(completion_tokens)::int as completion
      from llm_usage_events e
      cross join lateral (values
        ('today', e.created_at >= ${today.toISOString()}::timestamptz),
        ('week', e.created_at >= ${week.toISOString()}::timestamptz),
        ('month', e.created_at >= ${month.toISOString()}::timestamptz)) as w(span, inside)
      where org_id = ${ctx.org.id} and ${caller} and e.created_at >= ${since.toISOString()}::timestamptz and w.inside
      group by 1, 2`),
  );
  const windowOf = (selected: Row[]): Window => {
    const prompt = selected.reduce((n, r) => n + r.prompt, 0);
    const completion = selected.reduce((n, r) => n + r.completion, 0);
    return {
      cost_usd: formatMicrosAsUsd(selected.reduce((sum, r) => sum + BigInt(r.cost), 0n)),
      requests: selected.reduce((n, r) => n + r.requests, 0),
      tokens: prompt + completion,
      prompt_tokens: prompt,
      completion_tokens: completion,
    };
  };
  const span = (name: string) => rows.filter((r) => r.span === name);
  const todayCost = span("today").reduce((sum, r) => sum + BigInt(r.cost), 0n);
  return {
    api_key_id: who.keyId,
    today: windowOf(span("today")),
    this_week: windowOf(span("week")),
    this_month: windowOf(span("month")),
    by_model: [...new Set(span("month").map((r) => r.model))]
      .sort()
      .map((model) => ({ model, ...windowOf(span("month").filter((r) => r.model === model)) })),
    soft_cap_usd: who.softCap === null ? null : formatMicrosAsUsd(who.softCap),
    hard_cap_usd: who.hardCap === null ? null : formatMicrosAsUsd(who.hardCap),
    soft_cap_exceeded: who.softCap !== null && who.softCap > 0n && todayCost >= who.softCap,
  };
}
