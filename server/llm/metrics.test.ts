import { describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { withTestDb } from "@/test/db";
import { ORIGIN } from "@/test/factories";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";

const t = withTestDb();
const { openai } = withFakeUpstreams({ PROVIDER_MAX_RETRIES: "0", METRICS_TOKEN: "" });

/** The Prometheus exposition as `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const text = await (await metricsRoute(new Request(`${ORIGIN}/api/metrics`))).text();
  const series = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    series.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return series;
}

const delta = (before: Map<string, number>, after: Map<string, number>, name: string) =>
  (after.get(name) ?? 0) - (before.get(name) ?? 0);

describe("gateway metrics", () => {
  it("move the named series after a known call, a provider failure and a refused call", async () => {
    const { key } = await agentKeyFor(t.db, "Metered");
    const chat = (body: Record<string, unknown>) => chatAs(key, { model: "openai/gpt-4o-mini", ...body });
    const before = await scrape();
    openai.next({ kind: "ok", promptTokens: 12, completionTokens: 7 });
    expect((await chat({})).status).toBe(200);
    openai.next({ kind: "status", status: 502 });
    expect((await chat({ models: ["openai/gpt-4o-mini"] })).status).toBe(503);
    expect((await chat({ model: "openai/gpt-4o", max_tokens: 1_000_000 })).status).toBe(402);
    const after = await scrape();

    const model = 'provider="openai",model="gpt-4o-mini"';
    expect(delta(before, after, `brikk_llm_provider_requests_total{${model},outcome="success"}`)).toBe(1);
    expect(delta(before, after, `brikk_llm_provider_requests_total{${model},outcome="status_5xx"}`)).toBe(1);
    expect(delta(before, after, `brikk_llm_tokens_total{${model},direction="prompt"}`)).toBe(12);
    expect(delta(before, after, `brikk_llm_tokens_total{${model},direction="completion"}`)).toBe(7);
    expect(delta(before, after, `brikk_llm_cost_usd_total{${model}}`)).toBeCloseTo(0.000006, 9);
    expect(delta(before, after, `brikk_llm_provider_latency_seconds_count{${model}}`)).toBe(1);
    expect(delta(before, after, `brikk_gateway_overhead_seconds_count{stream="false"}`)).toBe(1);
    expect(delta(before, after, `brikk_errors_total{category="provider_unavailable"}`)).toBe(1);
    expect(delta(before, after, `brikk_errors_total{category="policy_credits"}`)).toBe(1);
    expect(delta(before, after, `brikk_policy_rejections_total{policy="credits"}`)).toBe(1);
    expect(after.get(`brikk_llm_breaker_state{${model}}`)).toBe(0);
  });
});
