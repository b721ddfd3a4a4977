import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { type ApiProcess, withApiProcesses } from "@/test/api-processes";
import { withTestDb } from "@/test/db";
import { FakeLlm } from "@/test/fake-llm";
import { accountRow, CREDIT } from "@/test/ledger";
import { agentKeyFor } from "@/test/llm-kit";
import { describeOnPostgres } from "@/test/pg-only";
import { customerAccountId } from "../ledger/accounts";
import { reconcileLedger } from "../ledger/reconcile";
import { getEnv } from "../platform/env";
import { creditsForCall, priceFor, promptAllowance, worstCaseCostMicroUsd } from "./prices";
import { countPromptTokens } from "./tokens";

// The gateway's money properties across instances: two API processes (each its own pool, caches
// and group-commit batchers) on one PostgreSQL, one fake upstream.
//
// A key's hard cap: 50 concurrent streamed calls for one key and one org, split over both. Every
// call costs exactly what it held (the upstream reports max_tokens of output and the prompt at the
// hold's allowance), so exactly ⌊cap / hold⌋ calls fit, whatever the interleaving; a cap check that
// let one more through would show here. The org's credits move as a sequential run would move them.

//
// One Idempotency-Key sent to both at once: the upstream is called once, the call charged once.

const t = withTestDb();
const processes = withApiProcesses();
const openai = new FakeLlm("openai");

const MESSAGES = [{ role: "user" as const, content: "hi" }];
const MAX_TOKENS = 1_600;

function chat(instance: ApiProcess | undefined, key: string, extra: Record<string, string> = {}) {
  return fetch(`${instance?.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...extra },
    body: JSON.stringify({
      model: "openai/gpt-4o-mini",
      messages: MESSAGES,
      stream: true,
      max_tokens: MAX_TOKENS,
    }),
  });
}

describeOnPostgres("the gateway on two instances", () => {
  let instances: ApiProcess[] = [];
  beforeAll(async () => {
    const databaseUrl = t.handle.url;
    if (!databaseUrl) throw new Error("needs PostgreSQL");
    await openai.start();
    const env = { OPENAI_API_KEY: "sk-brikk-openai", OPENAI_BASE_URL: openai.url };
    instances = await Promise.all([processes.start(databaseUrl, env), processes.start(databaseUrl, env)]);
  });
  afterAll(() => openai.stop());
  beforeEach(() => openai.reset());

  it("serves exactly ⌊cap / hold⌋ of 50 concurrent calls split over both, never over the cap", async () => {
    const { owner, key, keyId } = await agentKeyFor(t.db, "Capped");
    const cap = 10_000n; // $0.01
    await t.db
      .update(apiKeys)
      .set({ softCapUsdMicros: cap, hardCapUsdMicros: cap })
      .where(eq(apiKeys.id, keyId));
    const price = await priceFor(t.db, "openai", "gpt-4o-mini");
    const promptTokens = countPromptTokens(MESSAGES);
    const hold = worstCaseCostMicroUsd([price], promptTokens, MAX_TOKENS);
    openai.fallback = {
      kind: "ok",
      text: "a b c d e f",
      chunkDelayMs: 20,
      promptTokens: promptAllowance(promptTokens),
      completionTokens: MAX_TOKENS,
    };

    const statuses = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const response = await chat(instances[i % 2], key);
        const body = await response.text();
        if (response.status === 200) expect(body).toContain("[DONE]");
        else expect(JSON.parse(body)).toMatchObject({ error: { code: "budget_exceeded" } });
        return response.status;
      }),
    );

    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBe(Number(cap / hold));
    expect(statuses.filter((s) => s !== 200 && s !== 402)).toEqual([]);
    expect(openai.received).toHaveLength(served);
    const [day] = rowsOf<{ spent: string; reserved: string; requests: number }>(
      await t.db.execute(
        sql`select spent_micro_usd::text as spent, reserved_micro_usd::text as reserved, requests
            from api_key_daily_spend where key_id = ${keyId}`,
      ),
    );
    expect(day).toEqual({ spent: String(BigInt(served) * hold), reserved: "0", requests: served });
    expect(BigInt(day?.spent ?? "0")).toBeLessThanOrEqual(cap);

    // Credits: what `served` calls run one after another would leave, nothing held.
    const { llm, prices } = getEnv();
    const perCall = creditsForCall(hold, prices.apiCall, llm.creditsPerUsd);
    expect(await accountRow(t.db, customerAccountId(owner.orgId))).toMatchObject({
      balance: 100n * CREDIT - BigInt(served) * perCall,
      reserved: 0n,
    });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  }, 60_000);

  it("calls the upstream once for one Idempotency-Key sent to both instances at once", async () => {
    const { owner, key } = await agentKeyFor(t.db, "Retrier");
    openai.fallback = { kind: "ok", text: "once-only", chunkDelayMs: 30 };
    const headers = { "idempotency-key": `same-${owner.orgId}` };
    const answers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const response = await chat(instances[i % 2], key, headers);
        return { status: response.status, body: await response.text() };
      }),
    );
    // The first to claim the key streams; the others are told it is running (409), or replay it.
    const served = answers.filter((a) => a.status === 200);
    expect(served.length).toBeGreaterThanOrEqual(1);
    for (const a of served) expect(a.body).toContain("once-only");
    for (const a of answers.filter((a) => a.status !== 200)) {
      expect(a.status).toBe(409);
      expect(JSON.parse(a.body).error.code).toBe("idempotency_in_progress");
    }
    expect(openai.received).toHaveLength(1);
    const charges = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(*)::int as n from ledger_transfers where org_id = ${owner.orgId} and kind = 'usage'`,
      ),
    );
    expect(charges[0]?.n).toBe(1);
    expect(await accountRow(t.db, customerAccountId(owner.orgId))).toMatchObject({ reserved: 0n });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });
});
