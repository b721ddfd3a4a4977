import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { apiKeys, llmUsageEvents } from "@/db/schema";
import type { OrgContext } from "../context";
import { effectiveCaps } from "../keys/caps";
import { utcDay } from "../ledger/budgets";
import { nowMs } from "../platform/clock";
import { formatMicrosAsUsd } from "../platform/money";
import type { LlmUsageByDayInput, RecentCallsInput } from "./schemas";

// What the usage page shows: cost per day and model, each key's spend today against its caps, and
// the latest calls. Read from the usage events and the budget rows of the caller's org only.

const DAY_MS = 86_400_000;

export type UsageDayView = { day: string; by_model: Record<string, string>; requests: number };

export async function llmUsageByDay({
  ctx,
  input: { days },
}: {
  ctx: OrgContext;
  input: LlmUsageByDayInput;
}): Promise<UsageDayView[]> {
  const at = nowMs();
  const first = at - (at % DAY_MS) - (days - 1) * DAY_MS;
  const rows = rowsOf<{ day: string; model: string; cost: string; requests: number }>(
    await ctx.db.execute(sql`
      select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
             coalesce(provider || '/' || model, requested_model) as model,
             sum(cost_micro_usd)::text as cost, count(*)::int as requests
      from llm_usage_events
      where org_id = ${ctx.org.id} and created_at >= ${new Date(first).toISOString()}::timestamptz
      group by 1, 2`),
  );
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
    const models = rows.filter((r) => r.day === day);
    return {
      day,
      by_model: Object.fromEntries(models.map((r) => [r.model, formatMicrosAsUsd(BigInt(r.cost))])),
      requests: models.reduce((n, r) => n + r.requests, 0),
    };
  });
}

export type KeyMeterView = {
  key_id: string;
  name: string;
  prefix: string;
  spent_today_usd: string;
  soft_cap_usd: string;
  hard_cap_usd: string;
  /** Spent as a share of the hard cap, 0–100 (one decimal). */
  percent_of_hard_cap: number;
  soft_cap_exceeded: boolean;
};

export async function keyMeters({ ctx }: { ctx: OrgContext }): Promise<KeyMeterView[]> {
  const rows = await ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      soft: apiKeys.softCapUsdMicros,
      hard: apiKeys.hardCapUsdMicros,
      spent: sql<string | null>`(select spent_micro_usd::text from api_key_daily_spend d
        where d.key_id = ${apiKeys.id} and d.day = ${utcDay()})`,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, ctx.org.id), isNull(apiKeys.revokedAt), eq(apiKeys.kind, "agent")))
    .orderBy(apiKeys.name)
    .limit(200);
  return rows.map((r) => {
    const spent = BigInt(r.spent ?? "0");
    const caps = effectiveCaps({ softCapUsdMicros: r.soft, hardCapUsdMicros: r.hard });
    return {
      key_id: r.id,
      name: r.name,
      prefix: r.prefix,
      spent_today_usd: formatMicrosAsUsd(spent),
      soft_cap_usd: formatMicrosAsUsd(caps.soft),
      hard_cap_usd: formatMicrosAsUsd(caps.hard),
      percent_of_hard_cap: caps.hard > 0n ? Number((spent * 1000n) / caps.hard) / 10 : 0,
      soft_cap_exceeded: caps.soft > 0n && spent >= caps.soft,
    };
  });
}

export async function recentCalls({ ctx, input: { limit } }: { ctx: OrgContext; input: RecentCallsInput }) {
  const rows = await ctx.db
    .select()
    .from(llmUsageEvents)
    .where(eq(llmUsageEvents.orgId, ctx.org.id))
    .orderBy(desc(llmUsageEvents.id))
    .limit(limit);
  return rows.map((e) => ({
    id: e.id,
    model: e.provider && e.model ? `${e.provider}/${e.model}` : e.requestedModel,
    status: e.status,
    http_status: e.httpStatus,
    stream: e.stream,
    fallback: e.fallback,
    prompt_tokens: e.promptTokens,
    completion_tokens: e.completionTokens,
    cost_usd: formatMicrosAsUsd(e.costMicroUsd),
    latency_ms: e.latencyMs,
    ttft_ms: e.ttftMs,
    key_id: e.keyId,
    created_at: e.createdAt,
  }));
}
