import { afterAll, beforeAll, beforeEach } from "vitest";
import { POST as chatRoute } from "@/app/api/v1/chat/completions/route";
import type { Db } from "@/db/client";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { resetBreakersForTests } from "@/server/llm/breakers";
import { resetProbesForTests } from "@/server/llm/health-probes";
import { setEnvForTests } from "@/server/platform/env";
import { createUser, ORIGIN, orgContext } from "./factories";
import { FakeLlm } from "./fake-llm";

// What every gateway test file needs: fake OpenAI and Mistral upstreams for the file, Brikk pointed
// at them with fresh breakers before each test, an agent key to call with, and a chat helper.

export function withFakeUpstreams(env: Record<string, string> = {}) {
  const openai = new FakeLlm("openai");
  const mistral = new FakeLlm("mistral");
  beforeAll(async () => {
    await openai.start();
    await mistral.start();
  });
  afterAll(async () => {
    await openai.stop();
    await mistral.stop();
  });
  beforeEach(() => {
    openai.reset();
    mistral.reset();
    resetBreakersForTests();
    resetProbesForTests();
    setEnvForTests({
      OPENAI_API_KEY: "sk-brikk-openai",
      OPENAI_BASE_URL: openai.url,
      MISTRAL_API_KEY: "brikk-mistral",
      MISTRAL_BASE_URL: mistral.url,
      PROVIDER_RETRY_BASE_MS: "1",
      BRIKK_LOCAL_TOKENS_PER_SECOND: "0",
      BRIKK_RATE_LIMIT_ENABLED: "false",
      ...env,
    });
  });
  return { openai, mistral };
}

/** A new org's owner and an agent key of it (made through the service: happy-dom drops cookies). */
export async function agentKeyFor(db: Db, name = "Talker") {
  const owner = await createUser(db);
  const created = await createAgent({
    ctx: await orgContext(db, owner, owner.orgId),
    input: CreateAgentInput.parse({ name }),
  });
  return { owner, key: created.api_key.secret, keyId: created.api_key.id };
}

/** POST /api/v1/chat/completions as `key`; `body` is merged over a one-message request. */
export function chatAs(key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return chatRoute(
    new Request(`${ORIGIN}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], ...body }),
    }),
  );
}
