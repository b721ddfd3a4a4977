import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as balanceRoute } from "@/app/api/v1/billing/balance/route";
import { GET as breakersRoute } from "@/app/api/v1/health/circuit-breakers/route";
import { ledgerTransfers, llmUsageEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { ORIGIN } from "@/test/factories";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { flushAllWriteBehind } from "../platform/write-behind";

const t = withTestDb();
const { openai } = withFakeUpstreams({
  PROVIDER_MAX_RETRIES: "0",
  PROVIDER_TIMEOUT_SECONDS: "1",
  PROVIDER_STREAM_IDLE_SECONDS: "1",
});
afterEach(() => vi.useRealTimers());

const agentKey = () => agentKeyFor(t.db, "Resilient");
const chat = chatAs;

async function breakerOf(id: string) {
  const { breakers } = await (
    await breakersRoute(new Request(`${ORIGIN}/api/v1/health/circuit-breakers`))
  ).json();
  return breakers.find((b: { provider: string; model: string }) => `${b.provider}/${b.model}` === id);
}

describe("circuit breakers", () => {
  it("open after 5 consecutive failures, skip the provider while open, probe once after the cooldown, close on success", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { key } = await agentKey();
    openai.fallback = { kind: "status", status: 500 };
    for (let i = 0; i < 5; i++) {
      const res = await chat(key, { model: "openai/gpt-4o-mini" });
      expect(res.headers.get("x-brikk-provider")).toBe("mistral"); // fell back each time
    }
    expect(openai.received).toHaveLength(5);
    expect(await breakerOf("openai/gpt-4o-mini")).toMatchObject({ state: "open", consecutive_failures: 5 });

    const skipped = await chat(key, { model: "openai/gpt-4o-mini" });
    expect(skipped.headers.get("x-brikk-attempts")).toBe("1"); // mistral only: openai was not called
    expect(openai.received).toHaveLength(5);
    // With nothing to fall back to, the caller learns when the next probe is due.
    const alone = await chat(key, { model: "openai/gpt-4o-mini", models: ["openai/gpt-4o-mini"] });
    expect(alone.status).toBe(503);
    expect(Number(alone.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);

    vi.setSystemTime(Date.now() + 31_000);
    openai.fallback = { kind: "ok" };
    const probe = await chat(key, { model: "openai/gpt-4o-mini" });
    expect(probe.headers.get("x-brikk-provider")).toBe("openai");
    expect(await breakerOf("openai/gpt-4o-mini")).toMatchObject({ state: "closed", consecutive_failures: 0 });
  });

  it("does not count the caller's own mistakes against the provider", async () => {
    const { key } = await agentKey();
    openai.fallback = { kind: "status", status: 400, message: "bad input" };
    for (let i = 0; i < 6; i++) expect((await chat(key, { model: "openai/gpt-4o-mini" })).status).toBe(400);
    expect(await breakerOf("openai/gpt-4o-mini")).toMatchObject({ state: "closed", failures: 0 });
  });
});

describe("timeouts", () => {
  it("gives up on a provider that never answers and falls back", async () => {
    const { key } = await agentKey();
    openai.next({ kind: "hang" });
    const started = Date.now();
    const res = await chat(key, { model: "openai/gpt-4o-mini" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-brikk-provider")).toBe("mistral");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("bounds a stream by the idle time between chunks, not by its length", async () => {
    const { owner, key } = await agentKey();
    // 8 chunks 250 ms apart: 2 s in all, twice the 1 s timeout, but never 1 s idle.
    openai.next({ kind: "ok", text: "a b c d e f g h", chunkDelayMs: 250 });
    const healthy = await (await chat(key, { model: "openai/gpt-4o-mini", stream: true })).text();
    expect(healthy).toContain("[DONE]");
    expect(healthy).toContain('"brikk"');
    // A stream that goes silent for longer than the idle timeout is cut, and says so.
    openai.next({ kind: "stall", text: "a b c d", afterChunks: 2 });
    const stalled = await (await chat(key, { model: "openai/gpt-4o-mini", stream: true })).text();
    expect(stalled).toContain("provider_stream_cut");
    expect(stalled).not.toContain("[DONE]");
    await flushAllWriteBehind();
    const cut = await t.db.select().from(llmUsageEvents).where(eq(llmUsageEvents.orgId, owner.orgId));
    expect(cut.map((e) => e.status).sort()).toEqual(["completed", "cut"]);
  });
});

describe("Idempotency-Key on chat completions", () => {
  it("replays the stored completion: the upstream is called once and the ledger changes once", async () => {
    const { owner, key } = await agentKey();
    const first = await chat(key, { model: "openai/gpt-4o-mini" }, { "idempotency-key": "chat-1" });
    const again = await chat(key, { model: "openai/gpt-4o-mini" }, { "idempotency-key": "chat-1" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get("x-brikk-cost-usd")).toBe(first.headers.get("x-brikk-cost-usd"));
    expect(openai.received).toHaveLength(1);
    const usage = await t.db.select().from(ledgerTransfers).where(eq(ledgerTransfers.orgId, owner.orgId));
    expect(usage.filter((u) => u.kind === "usage")).toHaveLength(1);
  });

  it("replays a stored stream as a stream", async () => {
    const { key } = await agentKey();
    const first = await (
      await chat(key, { model: "openai/gpt-4o-mini", stream: true }, { "idempotency-key": "s-1" })
    ).text();
    // The stream is stored once it has ended (written behind); give the write a moment.
    await new Promise((r) => setTimeout(r, 50));
    const again = await chat(
      key,
      { model: "openai/gpt-4o-mini", stream: true },
      { "idempotency-key": "s-1" },
    );
    expect(again.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(await again.text()).toBe(first);
    expect(openai.received).toHaveLength(1);
    const balance = await (
      await balanceRoute(
        new Request(`${ORIGIN}/api/v1/billing/balance`, { headers: { authorization: `Bearer ${key}` } }),
      )
    ).json();
    expect(balance.usage.today.calls).toBe(1);
  });
});
