import { eq } from "drizzle-orm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as balanceRoute } from "@/app/api/v1/billing/balance/route";
import { POST as chatRoute } from "@/app/api/v1/chat/completions/route";
import { llmUsageEvents } from "@/db/schema";
import { declaredBody } from "@/test/contract";
import { withTestDb } from "@/test/db";
import { ORIGIN } from "@/test/factories";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { serveApi } from "@/test/route-server";
import { reconcileLedger } from "../ledger/reconcile";
import { flushAllWriteBehind } from "../platform/write-behind";

const t = withTestDb();
const { openai, mistral } = withFakeUpstreams({ PROVIDER_TIMEOUT_SECONDS: "2" });
let server: Awaited<ReturnType<typeof serveApi>>;

beforeAll(async () => {
  server = await serveApi();
});
afterAll(() => server.close());

const agentKey = () => agentKeyFor(t.db);
const chat = chatAs;

async function balance(key: string): Promise<string> {
  const res = await balanceRoute(
    new Request(`${ORIGIN}/api/v1/billing/balance`, { headers: { authorization: `Bearer ${key}` } }),
  );
  return (await res.json()).balance;
}

async function events(keyOwnerOrg: string) {
  await flushAllWriteBehind();
  return t.db.select().from(llmUsageEvents).where(eq(llmUsageEvents.orgId, keyOwnerOrg));
}

const hello = { messages: [{ role: "user", content: "Say hello" }] };

describe("POST /api/v1/chat/completions", () => {
  it("answers from the local provider, in the language asked, and charges the per-call price", async () => {
    const { owner, key } = await agentKey();
    const res = await chat(key, {
      model: "local/brikk-1",
      messages: [{ role: "user", content: "Reply in Spanish: hi" }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-brikk-provider")).toBe("local");
    expect(res.headers.get("x-brikk-cost-usd")).toBe("0.000000");
    const body = await declaredBody<{
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number };
    }>(chatRoute, res);
    expect(body.choices[0]?.message.content).toMatch(/^\[local\] Recibí tu mensaje/);
    expect(body.usage.prompt_tokens).toBeGreaterThan(5);
    expect(await balance(key)).toBe("99.000000"); // CREDITS_PER_API_CALL; local is free
    const [event] = await events(owner.orgId);
    expect(event).toMatchObject({
      provider: "local",
      model: "brikk-1",
      status: "completed",
      costMicroUsd: 0n,
    });
  });

  it("prices a call exactly from the provider's usage, rounded up once", async () => {
    const { key } = await agentKey();
    openai.next({ kind: "ok", promptTokens: 1000, cachedTokens: 200, completionTokens: 333 });
    const res = await chat(key, { model: "openai/gpt-4o-mini", ...hello });
    expect(res.status).toBe(200);
    // 800 × 0.15 + 200 × 0.075 + 333 × 0.60 = 120 + 15 + 199.8 → 334.8 micro-dollars → 335
    expect(res.headers.get("x-brikk-cost-usd")).toBe("0.000335");
    expect(res.headers.get("x-brikk-credits")).toBe("1.033500");
    expect(await balance(key)).toBe("98.966500");
    expect(openai.received[0]?.authorization).toBe("Bearer sk-brikk-openai");
    expect(openai.received[0]?.body.model).toBe("gpt-4o-mini");
  });

  it("retries a 5xx, then falls back to the counterpart provider", async () => {
    const { key } = await agentKey();
    openai.next(...Array.from({ length: 4 }, () => ({ kind: "status" as const, status: 503 })));
    const res = await chat(key, { model: "gpt-4o-mini", ...hello });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-brikk-provider")).toBe("mistral");
    expect(res.headers.get("x-brikk-model")).toBe("mistral/mistral-small-latest");
    expect(res.headers.get("x-brikk-fallback")).toBe("true");
    expect(res.headers.get("x-brikk-attempts")).toBe("5");
    expect(openai.received).toHaveLength(4);
  });

  it("passes the caller's mistake upstream back as a 400 in OpenAI's shape, without retrying", async () => {
    const { key } = await agentKey();
    openai.next({ kind: "status", status: 400, message: "Invalid 'temperature'" });
    const res = await chat(key, { model: "openai/gpt-4o-mini", ...hello });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { message: "Invalid 'temperature'", type: "invalid_request_error" },
    });
    expect(openai.received).toHaveLength(1);
    expect(mistral.received).toHaveLength(0);
    expect(await balance(key)).toBe("100.000000"); // the hold was released
  });

  it("reports Brikk's rejected provider credentials as 502, and exhausted providers as 503 with Retry-After", async () => {
    const { key } = await agentKey();
    openai.fallback = { kind: "status", status: 401, message: "Incorrect API key" };
    mistral.fallback = { kind: "status", status: 401, message: "Unauthorized" };
    const denied = await chat(key, { model: "openai/gpt-4o-mini", ...hello });
    expect(denied.status).toBe(502);
    expect((await denied.json()).error.code).toBe("provider_auth_error");

    openai.fallback = { kind: "status", status: 429, retryAfter: "1" };
    mistral.fallback = { kind: "status", status: 503 };
    const busy = await chat(key, { model: "openai/gpt-4o-mini", ...hello });
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("1");
    expect((await busy.json()).error).toMatchObject({ code: "provider_unavailable", type: "api_error" });
  });

  it("names the unknown model and the missing field in OpenAI's error shape", async () => {
    const { key } = await agentKey();
    const unknown = await chat(key, { model: "openai/gpt-9", ...hello });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({
      param: "model",
      message: expect.stringContaining("gpt-9"),
    });
    const missing = await chat(key, { model: "local/brikk-1", messages: undefined });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.param).toBe("messages");
  });

  it("refuses with 402 when the org cannot cover the most the call can cost", async () => {
    const { key } = await agentKey();
    const res = await chat(key, { model: "openai/gpt-4o", max_tokens: 1_000_000, ...hello });
    expect(res.status).toBe(402);
    expect((await res.json()).error).toMatchObject({
      code: "insufficient_credits",
      type: "insufficient_quota",
    });
    expect(openai.received).toHaveLength(0);
  });

  it("ends a stream cut by the upstream with an error event, and bills what was delivered", async () => {
    const { owner, key } = await agentKey();
    openai.next({ kind: "cut", text: "one two three four five six", afterChunks: 3 });
    const res = await chat(key, { model: "openai/gpt-4o-mini", stream: true, ...hello });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"code":"provider_stream_cut"');
    expect(text).not.toContain("[DONE]");
    const [event] = await events(owner.orgId);
    expect(event).toMatchObject({ status: "cut", errorCode: "provider_stream_cut" });
    expect(event?.completionTokens).toBeGreaterThan(0);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });
});

describe("the official openai SDK against Brikk", () => {
  it("works unchanged for plain and streamed calls, and lists models", async () => {
    const { owner, key } = await agentKey();
    const client = new OpenAI({ baseURL: `${server.base}/api/v1`, apiKey: key, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("local/brikk-1");

    const plain = await client.chat.completions.create({
      model: "mistral/mistral-small-latest",
      ...hello,
    } as never);
    expect((plain as OpenAI.ChatCompletion).choices[0]?.message.content).toBe(
      "Hello from the fake upstream.",
    );

    const stream = await client.chat.completions.create({
      model: "openai/gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Stream please" }],
    });
    let content = "";
    let usage: OpenAI.CompletionUsage | undefined;
    let cost: unknown;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
      cost ??= (chunk as unknown as { brikk?: { cost_usd: string } }).brikk?.cost_usd;
    }
    expect(content).toBe("Hello from the fake upstream.");
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
    expect(cost).toBe("0.000006"); // 12 × 0.15 + 7 × 0.60 = 6.0 micro-dollars
    const err = await client.chat.completions
      .create({ model: "nope/nothing", ...hello } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    // Two calls reached a provider; the unknown model was refused before anything was reserved.
    expect((await events(owner.orgId)).map((e) => e.status)).toEqual(["completed", "completed"]);
  });

  it("relays upstream streams however they are framed (split writes, CRLF, keep-alive comments)", async () => {
    const { owner, key } = await agentKeyFor(t.db);
    const client = new OpenAI({ baseURL: `${server.base}/api/v1`, apiKey: key, maxRetries: 0 });
    const framing = { splitWrites: true, crlf: true, keepAlive: true };
    openai.next({ kind: "ok", text: "alpha beta gamma delta", completionTokens: 4, ...framing });
    mistral.next({ kind: "ok", text: "uno dos tres cuatro", completionTokens: 4, ...framing });
    const read = async (model: string, maxTokens?: number) => {
      const stream = await client.chat.completions.create({
        model,
        stream: true,
        stream_options: { include_usage: true },
        ...(maxTokens ? { max_tokens: maxTokens } : {}),
        messages: [{ role: "user", content: "Stream please" }],
      });
      let content = "";
      let finish: string | null | undefined;
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta?.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      return { content, finish, completion: usage?.completion_tokens };
    };
    expect(await read("openai/gpt-4o-mini")).toEqual({
      content: "alpha beta gamma delta",
      finish: "stop",
      completion: 4,
    });
    // The upstream stops at max_tokens and says so; Brikk bills the tokens it reported.
    expect(await read("mistral/mistral-small-latest", 2)).toEqual({
      content: "uno dos ",
      finish: "length",
      completion: 2,
    });
    const billed = await events(owner.orgId);
    expect(billed.map((e) => [e.status, e.completionTokens]).sort()).toEqual([
      ["completed", 2],
      ["completed", 4],
    ]);
  });
});
