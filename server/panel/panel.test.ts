import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { agentInteractions, reputationEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, orgContext } from "@/test/factories";
import { grantTestCredits } from "@/test/ledger";
import { debitedBy, openHolds, playRun, runsSettled } from "@/test/panel-kit";
import { newAgent, newOrg } from "@/test/reputation-kit";
import { reconcileLedger } from "../ledger/reconcile";
import { setEnvForTests } from "../platform/env";
import { parseCreditsToMicros } from "../platform/money";
import { eventsAfter } from "./events";
import { StartRunInput } from "./schemas";
import { modelForTurn } from "./seats";
import { cancelRun, getRun, listRuns, startRun } from "./service";

// A panel run offline, end to end through the service: seats, turns on the local provider, the
// event log, the ledger and reputation. Runs against the fake upstreams are in upstream.test.ts.

const t = withTestDb();
const fast = () => setEnvForTests({ BRIKK_LOCAL_TOKENS_PER_SECOND: "0", BRIKK_RATE_LIMIT_ENABLED: "false" });
afterEach(runsSettled);

async function owner() {
  const user = await createUser(t.db);
  return orgContext(t.db, user, user.orgId);
}

describe("a panel run on the local provider", () => {
  it("plays eight turns round-robin, each in its seat's language, and logs every token once", async () => {
    fast();
    const ctx = await owner();
    const run = await playRun(ctx);
    expect(run.status).toBe("completed");
    expect(run.seats.map((s) => s.language)).toEqual(["en", "es", "ja", "ar"]);
    expect(run.turns.map((turn) => [turn.index, turn.round, turn.seat])).toEqual([
      [0, 1, 1],
      [1, 1, 2],
      [2, 1, 3],
      [3, 1, 4],
      [4, 2, 1],
      [5, 2, 2],
      [6, 2, 3],
      [7, 2, 4],
    ]);
    for (const turn of run.turns) {
      expect(turn).toMatchObject({ status: "completed", provider: "local", language_matches: true });
      expect(turn.detected_language).toBe(turn.language);
      // The English question is never quoted in another language.
      if (turn.language !== "en") expect(turn.text).not.toContain("microservices");
    }
    const events = await eventsAfter(t.db, run.id, 0, 1000);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe("run_ended");
    for (const turn of run.turns) {
      const streamed = events
        .filter((e) => e.type === "delta" && e.data.turn === turn.index)
        .map((e) => e.data.text)
        .join("");
      expect(streamed).toBe(turn.text);
    }
  });

  it("says so when a persona's provider is not configured, and runs the seat on local", () => {
    fast();
    expect(modelForTurn({ system_prompt: "x", model: "openai/gpt-4o-mini", language: "en" })).toEqual({
      model: "local/brikk-1",
      substituted: true,
    });
  });

  it("costs its fee plus every turn, exactly what the ledger debited, and leaves no hold", async () => {
    fast();
    const ctx = await owner();
    const run = await playRun(ctx);
    const transfers = [run.fee_transfer_id, ...run.turns.map((turn) => turn.transfer_id)].filter(
      (id): id is string => id !== null,
    );
    expect(transfers).toHaveLength(9);
    expect(await debitedBy(t.db, ctx.org.id, transfers)).toBe(parseCreditsToMicros(run.totals.credits));
    expect(run.totals.fee_credits).toBe("10.000000");
    expect(run.totals.credits).toBe("18.000000"); // the fee + 8 calls at CREDITS_PER_API_CALL; local is free
    expect(await openHolds(t.db, ctx.org.id)).toBe(0);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("creates the default seats once, and records each turn as an internal observation", async () => {
    fast();
    const ctx = await owner();
    const first = await playRun(ctx);
    const second = await playRun(ctx);
    expect(second.seats.map((s) => s.agent_id)).toEqual(first.seats.map((s) => s.agent_id));
    const observed = await t.db
      .select()
      .from(reputationEvents)
      .where(and(eq(reputationEvents.raterOrgId, ctx.org.id), eq(reputationEvents.source, "observation")));
    expect(observed).toHaveLength(16);
    expect(observed.every((event) => event.internal)).toBe(true);
  });

  it("stops cleanly when the org cannot afford the next turn", async () => {
    fast();
    const ctx = await owner();
    // 100 sign-up credits: the fee and 8 turns cost 18, so the sixth run runs dry mid-way.
    const runs = [];
    for (let i = 0; i < 6; i++) runs.push(await playRun(ctx));
    const stopped = runs.at(-1);
    expect(stopped?.status).toBe("failed");
    expect(stopped?.error).toMatchObject({ code: "insufficient_credits" });
    expect(stopped?.error?.message).toMatch(/^Stopped before turn \d of 8/);
    expect(await openHolds(t.db, ctx.org.id)).toBe(0);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("refuses a run whose own fee the org cannot pay with a 402, and writes nothing", async () => {
    setEnvForTests({ BRIKK_LOCAL_TOKENS_PER_SECOND: "0", CREDITS_PER_WORKFLOW_EXECUTION: "1000" });
    const ctx = await owner();
    await expect(startRun({ ctx, input: StartRunInput.parse({ prompt: "Too dear" }) })).rejects.toMatchObject(
      {
        code: "insufficient_credits",
      },
    );
    expect((await listRuns({ ctx, input: { limit: 20 } })).data).toHaveLength(0);
    expect(await openHolds(t.db, ctx.org.id)).toBe(0);
  });

  it("cancels mid-run: the running turn stops, the rest are skipped, what was used is settled", async () => {
    setEnvForTests({ BRIKK_LOCAL_TOKENS_PER_SECOND: "40", BRIKK_RATE_LIMIT_ENABLED: "false" });
    const ctx = await owner();
    const started = await startRun({ ctx, input: StartRunInput.parse({ prompt: "Cancel me" }) });
    for (let i = 0; i < 200; i++) {
      const events = await eventsAfter(t.db, started.id, 0);
      if (events.some((e) => e.type === "delta" && e.data.turn === 1)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const cancelled = await cancelRun({ ctx, input: { id: started.id } });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.turns.map((turn) => turn.status)).toEqual(["completed", "cancelled"]);
    const cut = cancelled.turns[1];
    expect(cut?.text.length).toBeGreaterThan(0);
    expect(cut?.credits).toBe("1.000000"); // billed for what it delivered
    expect(await openHolds(t.db, ctx.org.id)).toBe(0);
    const again = await cancelRun({ ctx, input: { id: started.id } });
    expect(again.status).toBe("cancelled");
  });
});

describe("seats", () => {
  it("seats another org's public agent as a guest: billed to the running org, recorded as an interaction", async () => {
    fast();
    const host = await newOrg(t.db);
    const guestAgent = await newAgent(host, { public: true, name: "Guest expert" });
    const ctx = await owner();
    await grantTestCredits(t.db, ctx.org.id, "50", `guest-${ctx.org.id}`);
    const seats = (await playRun(ctx)).seats.map((s) => s.agent_id);
    const run = await playRun(ctx, { seats: [seats[0], guestAgent.id, seats[2], seats[3]] });
    expect(run.seats[1]).toMatchObject({ guest: true, agent_name: "Guest expert" });
    const guestTurns = run.turns.filter((turn) => turn.guest);
    expect(guestTurns).toHaveLength(2);
    for (const turn of guestTurns) {
      expect(turn.status).toBe("completed");
      expect(await debitedBy(t.db, ctx.org.id, [turn.transfer_id as string])).toBe(1_000_000n);
      expect(await debitedBy(t.db, host.org.id, [turn.transfer_id as string])).toBe(0n);
    }
    const interactions = await t.db
      .select()
      .from(agentInteractions)
      .where(and(eq(agentInteractions.agentId, guestAgent.id), eq(agentInteractions.orgId, ctx.org.id)));
    expect(interactions.map((i) => i.id).sort()).toEqual(
      guestTurns.map((turn) => turn.interaction_id).sort(),
    );
    const [observation] = await t.db
      .select()
      .from(reputationEvents)
      .where(and(eq(reputationEvents.agentId, guestAgent.id), eq(reputationEvents.source, "observation")));
    expect(observation).toMatchObject({ internal: false, raterOrgId: ctx.org.id });
  });

  it("refuses another org's private agent as a 404 naming the seat, and starts nothing", async () => {
    fast();
    const other = await newOrg(t.db);
    const hidden = await newAgent(other, { public: false });
    const ctx = await owner();
    const own = await newAgent(ctx, { public: false });
    const attempt = startRun({
      ctx,
      input: StartRunInput.parse({ prompt: "x", seats: [own.id, hidden.id, own.id, own.id] }),
    });
    await expect(attempt).rejects.toMatchObject({ code: "not_found", message: "Agent not found for seat 2" });
  });

  it("answers a run of another org as a 404", async () => {
    fast();
    const run = await playRun(await owner());
    await expect(getRun({ ctx: await owner(), input: { id: run.id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("refuses viewers", async () => {
    fast();
    const ctx = await owner();
    await expect(
      startRun({ ctx: { ...ctx, role: "viewer" }, input: StartRunInput.parse({ prompt: "x" }) }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
