import { describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";

// A streamed completion can last longer than an idempotency claim's lock. The request renews its
// claim while it runs, so a retry sent meanwhile is told it is still running instead of taking the
// claim over and calling (and charging) a second time.

const t = withTestDb();
const { openai } = withFakeUpstreams({ BRIKK_IDEMPOTENCY_LOCK_SECONDS: "1" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an idempotent stream longer than the claim's lock", () => {
  it("keeps its claim to the end: a retry meanwhile gets 409, the upstream is called once", async () => {
    const { key } = await agentKeyFor(t.db);
    openai.fallback = { kind: "ok", text: "one two three four five six seven eight", chunkDelayMs: 400 };
    const body = { model: "openai/gpt-4o-mini", stream: true };
    const headers = { "idempotency-key": "long-stream-1" };
    const first = await chatAs(key, body, headers);
    expect(first.status).toBe(200);
    const whole = first.text();

    await sleep(2_000); // twice the lock: without renewal the claim would have lapsed by now
    const retry = await chatAs(key, body, headers);
    expect(retry.status).toBe(409);
    expect((await retry.json()).error.code).toBe("idempotency_in_progress");

    expect(await whole).toContain("[DONE]");
    expect(openai.received).toHaveLength(1);
    // Once stored, the stream is replayed, still without a second upstream call.
    let replayed: Response | null = null;
    for (let i = 0; i < 20 && replayed?.status !== 200; i++) {
      replayed = await chatAs(key, body, headers);
      if (replayed.status !== 200) await sleep(100);
    }
    expect(replayed?.headers.get("idempotent-replayed")).toBe("true");
    expect(await replayed?.text()).toContain("eight");
    expect(openai.received).toHaveLength(1);
  });
});
