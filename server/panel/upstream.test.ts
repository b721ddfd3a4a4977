import { afterEach, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/v1/panel/runs/[id]/events/route";
import { POST as startRoute } from "@/app/api/v1/panel/runs/route";
import { chunksOf, sseEvents } from "@/lib/sse";
import { withTestDb } from "@/test/db";
import { createUser, orgContext, sessionRequest } from "@/test/factories";
import { withFakeUpstreams } from "@/test/llm-kit";
import { debitedBy, openHolds, playRun, runsSettled } from "@/test/panel-kit";
import { reconcileLedger } from "../ledger/reconcile";
import { parseCreditsToMicros, parseUsdToMicros } from "../platform/money";

// Panel runs against fake OpenAI and Mistral upstreams with priced models: the cost each turn
// shows is what the ledger debited, a failing provider shows its fallback and why, a turn in
// the wrong language is flagged, and the event stream resumes after Last-Event-ID.

const t = withTestDb();
const { openai, mistral } = withFakeUpstreams({ PROVIDER_MAX_RETRIES: "0" });
afterEach(runsSettled);

async function owner() {
  const user = await createUser(t.db);
  return { user, ctx: await orgContext(t.db, user, user.orgId) };
}

describe("a panel run on priced providers", () => {
  it("shows per turn the provider that served, its cost, and the credits the ledger debited", async () => {
    const { ctx } = await owner();
    openai.fallback = {
      kind: "ok",
      text: "We should start with a modular monolith.",
      completionTokens: 333,
    };
    mistral.fallback = {
      kind: "ok",
      text: "Deberíamos empezar con un monolito modular.",
      completionTokens: 200,
    };
    const run = await playRun(ctx);
    expect(run.status).toBe("completed");
    expect(run.turns.map((turn) => turn.provider)).toEqual([
      "openai",
      "mistral",
      "openai",
      "mistral",
      "openai",
      "mistral",
      "openai",
      "mistral",
    ]);
    const first = run.turns[0];
    // gpt-4o-mini: $0.15 and $0.60 per million tokens in and out, rounded up once to a micro-dollar;
    // credits: CREDITS_PER_API_CALL + 100 per USD.
    const costMicros = Math.ceil(((first?.prompt_tokens ?? 0) * 15 + 333 * 60) / 100);
    expect(first?.completion_tokens).toBe(333);
    expect(parseUsdToMicros(first?.cost_usd ?? "")).toBe(BigInt(costMicros));
    expect(parseCreditsToMicros(first?.credits ?? "")).toBe(1_000_000n + BigInt(costMicros) * 100n);
    const transfers = [run.fee_transfer_id, ...run.turns.map((turn) => turn.transfer_id)] as string[];
    expect(await debitedBy(t.db, ctx.org.id, transfers)).toBe(parseCreditsToMicros(run.totals.credits));
    for (const turn of run.turns)
      expect(await debitedBy(t.db, ctx.org.id, [turn.transfer_id as string])).toBe(
        parseCreditsToMicros(turn.credits),
      );
    // The fakes answer in English and Spanish: the Japanese and Arabic seats are flagged.
    expect(run.turns.map((turn) => turn.language_matches)).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("shows the fallback, the chain and the reason when a seat's provider fails", async () => {
    const { ctx } = await owner();
    openai.fallback = { kind: "status", status: 503, message: "overloaded" };
    const run = await playRun(ctx);
    const english = run.turns[0];
    expect(english).toMatchObject({ status: "completed", provider: "mistral", fallback: true });
    expect(english?.failed_attempts[0]).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    expect(english?.failed_attempts[0]?.error).toMatch(/503/);
  });

  it("fails a turn no provider can answer, goes on with the next, and holds nothing", async () => {
    const { ctx } = await owner();
    openai.fallback = { kind: "status", status: 503 };
    mistral.fallback = { kind: "status", status: 503 };
    const run = await playRun(ctx);
    expect(run.status).toBe("failed");
    expect(run.turns).toHaveLength(8);
    expect(run.turns.every((turn) => turn.status === "failed" && turn.credits === "0.000000")).toBe(true);
    expect(run.totals.credits).toBe("0.000000"); // no turn completed: the fee was released too
    expect(await openHolds(t.db, ctx.org.id)).toBe(0);
  });
});

describe("GET /api/v1/panel/runs/{id}/events", () => {
  async function read(runId: string, cookie: string, lastEventId?: string) {
    const res = await eventsRoute(
      sessionRequest(`/api/v1/panel/runs/${runId}/events`, {
        cookie,
        headers: lastEventId ? { "last-event-id": lastEventId } : {},
      }),
      { params: Promise.resolve({ id: runId }) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events: { seq: number; type: string; turn?: number; text?: string }[] = [];
    for await (const data of sseEvents(chunksOf(res.body as ReadableStream<Uint8Array>)))
      events.push(JSON.parse(data));
    return events;
  }

  it("follows a run live from 201 to run_ended, and resumes after Last-Event-ID with nothing twice", async () => {
    const { user } = await owner();
    openai.fallback = {
      kind: "ok",
      text: "One two three four five six seven eight nine ten.",
      chunkDelayMs: 5,
    };
    const created = await startRoute(
      sessionRequest("/api/v1/panel/runs", {
        method: "POST",
        cookie: user.cookie,
        body: { prompt: "Hello panel" },
      }),
    );
    expect(created.status).toBe(201);
    const run = (await created.json()) as { id: string; status: string };
    expect(run.status).toBe("queued");
    const live = await read(run.id, user.cookie);
    expect(live.at(-1)?.type).toBe("run_ended");
    expect(live.map((e) => e.seq)).toEqual(live.map((_, i) => i + 1));
    const resumed = await read(run.id, user.cookie, "5");
    expect(resumed).toEqual(live.slice(5));
  });
});
