import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { ageOrg, newAgent, newOrg, payTopUp, rate } from "@/test/reputation-kit";
import { installFakeClock } from "../platform/clock";
import { setEnvForTests } from "../platform/env";
import { history, recentFeedback } from "./history";
import { ratingEvidence, scoreOf } from "./model";
import { HistoryInput, RecentFeedbackInput } from "./schemas";
import { getScore } from "./score";
import { recordInteraction } from "./weight";

const t = withTestDb();
const DAY = 86_400_000;
// Time stands still unless a test moves it: events a few milliseconds apart would decay a little.
let clock: ReturnType<typeof installFakeClock>;
beforeEach(() => {
  clock = installFakeClock(new Date());
});
afterEach(() => clock.restore());

async function expectProblem(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

describe("who may rate, and what it moves", () => {
  it("keeps an org's feedback on its own agent internal: shown to it, never public", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const result = await rate(owner, agent.id, { rating: 5, comment: "ours" });
    expect(result.event).toMatchObject({ internal: true, weight: 1, weight_reasons: ["internal"] });
    expect(result.score_after.overall).toEqual(scoreOf(0, 0));
    expect(result.score_after.internal?.overall.mean).toBeCloseTo(2 / 3, 12);
    expect(result.score_after.internal_feedback_count).toBe(1);
    expect(result.event.overall_delta).toBeCloseTo(2 / 3 - 1 / 2, 12);

    const stranger = await newOrg(t.db);
    const seen = await getScore({ ctx: stranger, input: { agent_id: agent.id } });
    expect(seen).toMatchObject({ feedback_count: 0, internal_feedback_count: null, internal: null });
    expect(seen.overall).toEqual(scoreOf(0, 0));
    const feed = await recentFeedback({
      ctx: stranger,
      input: RecentFeedbackInput.parse({ agent_id: agent.id }),
    });
    expect(feed.data).toEqual([]);
  });

  it("answers 404 on every reputation action for another org's private agent", async () => {
    const owner = await newOrg(t.db);
    const hidden = await newAgent(owner, { public: false });
    const stranger = await newOrg(t.db);
    const input = { agent_id: hidden.id };
    await expectProblem(getScore({ ctx: stranger, input }), "not_found");
    await expectProblem(rate(stranger, hidden.id, { rating: 1 }), "not_found");
    await expectProblem(history({ ctx: stranger, input: HistoryInput.parse(input) }), "not_found");
    await expectProblem(
      recentFeedback({ ctx: stranger, input: RecentFeedbackInput.parse(input) }),
      "not_found",
    );
    await expectProblem(getScore({ ctx: stranger, input: { agent_id: "agt_missing" } }), "not_found");
  });

  it("weighs a paid rater 1, an unpaid or fully refunded one 0.2, and moves the public score", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const [paid, unpaid, refunded] = [await newOrg(t.db), await newOrg(t.db), await newOrg(t.db)];
    await payTopUp(t.db, paid.org.id, 500);
    await payTopUp(t.db, refunded.org.id, 1000);
    const first = await rate(paid, agent.id, { rating: 5 });
    expect(first.event).toMatchObject({ internal: false, weight: 1, weight_reasons: ["paid_topup"] });
    expect(first.score_before.overall).toEqual(scoreOf(0, 0));
    expect(first.score_after.overall).toEqual(scoreOf(1, 0));
    const second = await rate(unpaid, agent.id, { rating: 1 });
    expect(second.event).toMatchObject({ weight: 0.2, weight_reasons: ["no_paid_topup"] });
    const third = await rate(refunded, agent.id, { rating: 3 });
    expect(third.event.weight).toBe(0.2);
    // r = 1 + 0 + 0.2·0.5, s = 0 + 0.2 + 0.2·0.5: all on the same moment, so no decay between.
    const score = third.score_after.overall;
    expect(score.mean).toBeCloseTo(scoreOf(1.1, 0.3).mean, 9);
    expect(score.evidence).toBeCloseTo(1.4, 9);
    expect(third.score_after.feedback_count).toBe(3);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.orgId, paid.org.id));
    expect(audit.map((a) => a.action)).toContain("reputation.feedback_given");
  });

  it("maps dimension ratings, outcomes and latencies to their dimensions", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const rater = await newOrg(t.db);
    await payTopUp(t.db, rater.org.id);
    const { score_after } = await rate(rater, agent.id, {
      outcome: "failure",
      latency_ms: 150,
      dimensions: { reliability: 2 },
    });
    expect(score_after.overall).toEqual(scoreOf(0, 0));
    expect(score_after.dimensions.success_rate).toEqual(scoreOf(0, 1));
    expect(score_after.dimensions.response_time).toEqual(scoreOf(1, 0));
    const reliability = ratingEvidence(2);
    expect(score_after.dimensions.reliability.mean).toBeCloseTo(
      scoreOf(reliability.r, reliability.s).mean,
      12,
    );
  });
});

describe("manipulation", () => {
  it("takes one feedback per rater org per agent per UTC day without an interaction", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const rater = await newOrg(t.db);
    await rate(rater, agent.id, { rating: 5 });
    await expectProblem(rate(rater, agent.id, { rating: 5 }), "conflict");
    await expectProblem(rate(rater, agent.id, { outcome: "success" }), "conflict");
    clock.advance(DAY);
    await rate(rater, agent.id, { rating: 4 });
  });

  it("takes one feedback per interaction, doubles its weight, and refuses one Brikk never recorded", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const rater = await newOrg(t.db);
    const other = await newOrg(t.db);
    await payTopUp(t.db, rater.org.id);
    const interaction = await recordInteraction(t.db, {
      orgId: rater.org.id,
      agentId: agent.id,
      kind: "panel_turn",
    });
    const result = await rate(rater, agent.id, { rating: 4, interaction_id: interaction });
    expect(result.event).toMatchObject({
      weight: 2,
      weight_reasons: ["paid_topup", "interaction"],
      verified: true,
    });
    await expectProblem(rate(rater, agent.id, { rating: 4, interaction_id: interaction }), "conflict");
    // Someone else's interaction, or an invented one, proves nothing.
    await expectProblem(rate(other, agent.id, { rating: 1, interaction_id: interaction }), "unprocessable");
    await expectProblem(
      rate(rater, agent.id, { rating: 1, interaction_id: "ixn_invented" }),
      "unprocessable",
    );
    // Without an interaction the day's one rating is still there to give.
    await rate(rater, agent.id, { rating: 5 });
  });

  it("caps one rater's share at a tenth once ten orgs have rated", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const whale = await newOrg(t.db);
    await ageOrg(t.db, whale.org.id);
    await payTopUp(t.db, whale.org.id);
    for (let i = 0; i < 20; i++) {
      const interaction = await recordInteraction(t.db, {
        orgId: whale.org.id,
        agentId: agent.id,
        kind: "panel_turn",
      });
      await rate(whale, agent.id, { rating: 1, interaction_id: interaction });
    }
    // Alone (and with fewer than ten raters), the whale's 40 units of negative evidence count whole.
    const alone = await getScore({ ctx: owner, input: { agent_id: agent.id } });
    expect(alone.overall.evidence).toBeCloseTo(40, 9);
    const raters = [];
    for (let i = 0; i < 9; i++) {
      const rater = await newOrg(t.db);
      await ageOrg(t.db, rater.org.id);
      await payTopUp(t.db, rater.org.id);
      raters.push(rater);
      await rate(rater, agent.id, { rating: 5 });
    }
    // Ten raters: the whale is scaled to a tenth of the capped total, T = 9 / 0.9 = 10, so s = 1.
    const capped = await getScore({ ctx: owner, input: { agent_id: agent.id } });
    expect(capped.overall.evidence).toBeCloseTo(10, 9);
    expect(capped.overall.mean).toBeCloseTo(scoreOf(9, 1).mean, 9);
    expect(capped.provisional).toBe(false);
  });

  it("weighs a burst of ratings from orgs younger than a week a tenth, and flags it to the owner only", async () => {
    setEnvForTests({ REPUTATION_BURST_PER_HOUR: "3" });
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const veteran = await newOrg(t.db);
    await ageOrg(t.db, veteran.org.id);
    const weights = [];
    for (let i = 0; i < 5; i++) weights.push((await rate(await newOrg(t.db), agent.id, { rating: 5 })).event);
    expect(weights.map((e) => e.weight)).toEqual([0.2, 0.2, 0.2, 0.02, 0.02]);
    expect(weights.map((e) => e.anomaly)).toEqual([false, false, false, true, true]);
    expect(weights[3]?.weight_reasons).toEqual(["no_paid_topup", "burst"]);
    // An established org is not part of the burst.
    expect((await rate(veteran, agent.id, { rating: 5 })).event.anomaly).toBe(false);
    expect((await getScore({ ctx: owner, input: { agent_id: agent.id } })).anomaly_count).toBe(2);
    expect((await getScore({ ctx: veteran, input: { agent_id: agent.id } })).anomaly_count).toBeNull();
  });

  it("limits feedback per organization across its keys and members", async () => {
    setEnvForTests({ BRIKK_RATE_LIMIT_REPUTATION_FEEDBACK_ORG: "2" });
    const owner = await newOrg(t.db);
    const rater = await newOrg(t.db);
    const agents = [await newAgent(owner), await newAgent(owner), await newAgent(owner)];
    await rate(rater, agents[0]?.id as string, { rating: 5 });
    await rate(rater, agents[1]?.id as string, { rating: 5 });
    await expectProblem(rate(rater, agents[2]?.id as string, { rating: 5 }), "rate_limited");
  });
});

describe("decay and history", () => {
  it("forgets evidence at λ per day and charts the daily score with today's live point", async () => {
    const owner = await newOrg(t.db);
    const agent = await newAgent(owner);
    const [early, late] = [await newOrg(t.db), await newOrg(t.db)];
    await payTopUp(t.db, early.org.id);
    await payTopUp(t.db, late.org.id);
    await rate(early, agent.id, { rating: 5 });
    clock.advance(14 * DAY);
    const { score_after } = await rate(late, agent.id, { rating: 1 });
    // The early 5 (r = 1) has faded to 0.95^14 by the time the late 1 (s = 1) arrives.
    const faded = 0.95 ** 14;
    expect(score_after.overall.mean).toBeCloseTo(scoreOf(faded, 1).mean, 9);
    expect(score_after.overall.evidence).toBeCloseTo(faded + 1, 9);
    const series = await history({ ctx: owner, input: HistoryInput.parse({ agent_id: agent.id }) });
    const overall = series.data.find((d) => d.dimension === "overall");
    const today = new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10);
    expect(overall?.points.at(-1)).toMatchObject({ day: today, stars: score_after.overall.stars });
    const backwards = HistoryInput.safeParse({ agent_id: agent.id, from: "2026-02-01", to: "2026-01-01" });
    expect(backwards.error?.issues[0]?.path).toEqual(["from"]);
  });
});
