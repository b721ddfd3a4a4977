import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { withTestDb } from "@/test/db";
import { createUser, orgContext } from "@/test/factories";
import { chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { ageOrg, newOrg, payTopUp, rate } from "@/test/reputation-kit";
import { CreateAgentInput } from "../agents/schemas";
import { createAgent, updateAgent } from "../agents/service";
import { setEnvForTests } from "../platform/env";
import { forgetStandings } from "./premium";

const t = withTestDb();
const PREMIUM = { BRIKK_PREMIUM_MODELS: "openai/gpt-4o", BRIKK_PREMIUM_MIN_REPUTATION: "3.5" };
const { openai, mistral } = withFakeUpstreams(PREMIUM);
const upstreamEnv = () => ({
  OPENAI_API_KEY: "sk-brikk-openai",
  OPENAI_BASE_URL: openai.url,
  MISTRAL_API_KEY: "brikk-mistral",
  MISTRAL_BASE_URL: mistral.url,
  BRIKK_RATE_LIMIT_ENABLED: "false",
});
const hello = { messages: [{ role: "user", content: "hello" }] };

beforeEach(() => forgetStandings());

/** A public agent and its key, rated `rating` by `raters` paid, established orgs. */
async function ratedAgent(db: Db, rating: number, raters: number, isPublic = true) {
  const owner = await createUser(db);
  const ctx = await orgContext(db, owner, owner.orgId);
  const { agent, api_key } = await createAgent({
    ctx,
    input: CreateAgentInput.parse({ name: "Gated", public: true }),
  });
  for (let i = 0; i < raters; i++) {
    const rater = await newOrg(db);
    await ageOrg(db, rater.org.id);
    await payTopUp(db, rater.org.id);
    await rate(rater, agent.id, { rating });
  }
  if (!isPublic) {
    await updateAgent({ ctx, input: { id: agent.id, patch: { public: false } } });
  }
  return { agentId: agent.id, key: api_key.secret };
}

describe("premium models and reputation", () => {
  it("refuses a premium model to a public, established agent rated below the threshold", async () => {
    // Six 1-star ratings: r = 0, s ≈ 6 (a few seconds of decay), mean 1/8, 1.5 stars, established.
    const { key } = await ratedAgent(t.db, 1, 6);
    const res = await chatAs(key, { model: "openai/gpt-4o", ...hello });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: "reputation_too_low",
      type: "permission_error",
      reputation: { stars: 1.5, threshold: 3.5 },
    });
    expect(openai.received).toHaveLength(0);
    // Other models still answer.
    expect((await chatAs(key, { model: "openai/gpt-4o-mini", ...hello })).status).toBe(200);
  });

  it("skips premium fallbacks for it", async () => {
    const { key } = await ratedAgent(t.db, 1, 6);
    mistral.fallback = { kind: "status", status: 503 };
    const res = await chatAs(key, { model: "mistral/mistral-large-latest", ...hello });
    // The configured counterpart (openai/gpt-4o) is premium: skipped, so no provider answered.
    expect(res.status).toBe(503);
    expect(openai.received).toHaveLength(0);
  });

  it("gates neither good agents, nor provisional or private ones, nor anyone when unset", async () => {
    const good = await ratedAgent(t.db, 5, 6);
    expect((await chatAs(good.key, { model: "openai/gpt-4o", ...hello })).status).toBe(200);
    const provisional = await ratedAgent(t.db, 1, 2);
    expect((await chatAs(provisional.key, { model: "openai/gpt-4o", ...hello })).status).toBe(200);
    const hidden = await ratedAgent(t.db, 1, 6, false);
    expect((await chatAs(hidden.key, { model: "openai/gpt-4o", ...hello })).status).toBe(200);
    const poor = await ratedAgent(t.db, 1, 6);
    setEnvForTests({ ...upstreamEnv(), BRIKK_PREMIUM_MODELS: "openai/gpt-4o" });
    expect((await chatAs(poor.key, { model: "openai/gpt-4o", ...hello })).status).toBe(200);
  });
});
