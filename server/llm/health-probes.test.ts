import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as breakersRoute } from "@/app/api/v1/health/circuit-breakers/route";
import { withTestDb } from "@/test/db";
import { ORIGIN } from "@/test/factories";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { runHealthProbes, startHealthProbes } from "./health-probes";

const t = withTestDb();
const { openai, mistral } = withFakeUpstreams({ PROVIDER_MAX_RETRIES: "0", PROVIDER_TIMEOUT_SECONDS: "1" });
afterEach(() => vi.useRealTimers());

async function health() {
  return (await breakersRoute(new Request(`${ORIGIN}/api/v1/health/circuit-breakers`))).json();
}

async function breakerOf(id: string) {
  const { breakers } = await health();
  return breakers.find((b: { provider: string; model: string }) => `${b.provider}/${b.model}` === id);
}

describe("active health probes", () => {
  it("open every breaker of a provider that stops answering, before any caller pays for it", async () => {
    openai.modelsStatus = 503;
    for (let i = 0; i < 5; i++) await runHealthProbes();
    expect(openai.modelListings).toBe(5);
    expect(openai.received).toHaveLength(0); // no chat call was spent
    for (const model of ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"]) {
      expect(await breakerOf(`openai/${model}`)).toMatchObject({ state: "open", consecutive_failures: 5 });
    }
    expect(await breakerOf("mistral/mistral-small-latest")).toMatchObject({ state: "closed" });

    // A caller now goes straight to the fallback: openai is skipped, not timed out.
    const { key } = await agentKeyFor(t.db);
    const res = await chatAs(key, { model: "openai/gpt-4o-mini" });
    expect(res.headers.get("x-brikk-provider")).toBe("mistral");
    expect(res.headers.get("x-brikk-attempts")).toBe("1");
    expect(openai.received).toHaveLength(0);

    const { probes } = await health();
    expect(probes.last).toEqual([
      expect.objectContaining({ provider: "mistral", ok: true, error: null }),
      expect.objectContaining({ provider: "openai", ok: false, error: expect.stringContaining("503") }),
    ]);
  });

  it("close an open breaker after the cooldown on a passing probe, without a caller's request", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    openai.modelsStatus = 500;
    for (let i = 0; i < 5; i++) await runHealthProbes();
    expect(await breakerOf("openai/gpt-4o")).toMatchObject({ state: "open" });

    openai.modelsStatus = 200;
    await runHealthProbes(); // still cooling down: the probe changes nothing
    expect(await breakerOf("openai/gpt-4o")).toMatchObject({ state: "open" });

    vi.setSystemTime(Date.now() + 31_000);
    await runHealthProbes();
    expect(await breakerOf("openai/gpt-4o")).toMatchObject({ state: "closed", consecutive_failures: 0 });
    expect(openai.received).toHaveLength(0);
  });

  it("leave the count of live failures alone when the model list loads", async () => {
    const { key } = await agentKeyFor(t.db);
    openai.fallback = { kind: "status", status: 500 };
    for (let i = 0; i < 4; i++) await chatAs(key, { model: "openai/gpt-4o-mini" });
    await runHealthProbes();
    expect(await breakerOf("openai/gpt-4o-mini")).toMatchObject({ state: "closed", consecutive_failures: 4 });
    await chatAs(key, { model: "openai/gpt-4o-mini" });
    expect(await breakerOf("openai/gpt-4o-mini")).toMatchObject({ state: "open" });
  });

  it("do not count a provider without a model list (404) or the caller's mistakes as ill health", async () => {
    openai.modelsStatus = 404;
    for (let i = 0; i < 6; i++) await runHealthProbes();
    expect(await breakerOf("openai/gpt-4o-mini")).toMatchObject({ state: "closed", failures: 0 });
  });

  it("send Brikk's provider key, and run on a timer until stopped, with a metric per outcome", async () => {
    mistral.modelsStatus = 429;
    const stop = startHealthProbes(10);
    await vi.waitFor(() => expect(openai.modelListings).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    stop();
    expect(openai.modelsAuthorization).toBe("Bearer sk-brikk-openai");
    const seen = openai.modelListings;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openai.modelListings).toBeLessThanOrEqual(seen + 1); // a round in flight may finish
    expect(startHealthProbes(0)).toBeTypeOf("function"); // off: nothing scheduled

    const text = await (await metricsRoute(new Request(`${ORIGIN}/api/metrics`))).text();
    expect(text).toMatch(/brikk_llm_health_probes_total\{provider="openai",outcome="success"\} [1-9]/);
    expect(text).toMatch(/brikk_llm_health_probes_total\{provider="mistral",outcome="status_429"\} [1-9]/);
  });
});

describe("errors across module copies", () => {
  it("recognises an UpstreamError thrown by another bundled copy of the provider module", async () => {
    const { UpstreamError } = await import("./provider");
    // What a copy of the class from another bundle looks like to this one: same brand, other class.
    const foreign: object = Object.assign(new Error("refused"), {
      [Symbol.for("brikk.llm.upstream-error")]: true,
    });
    const unknownValue: unknown = null;
    expect(foreign instanceof UpstreamError).toBe(true);
    expect(new Error("plain") instanceof UpstreamError).toBe(false);
    expect((unknownValue as object) instanceof UpstreamError).toBe(false);
  });
});
