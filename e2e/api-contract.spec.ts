import type { APIRequestContext, APIResponse } from "@playwright/test";
import Stripe from "stripe";
import { type Answer, OpenApiContract } from "../test/openapi-contract";
import { STRIPE_WEBHOOK_SECRET } from "./fake-stripe-env";
import { expect, test } from "./fixtures";
import { signUp, uniqueEmail } from "./helpers";

// Calls every operation of the served /openapi.json against the running app (the production
// build behind `npm start`): its success and its main errors, each answer checked against the
// document (status, body, headers). Fails when an operation has no documented success exercised,
// or (but for the public health checks) no error.

type Caller = "session" | "key" | "none" | { bearer: string };
type Call = {
  op: string;
  method: string;
  path: string;
  as: Caller;
  body?: unknown;
  raw?: { data: string; contentType: string };
  headers?: Record<string, string>;
  expect: number | number[];
};

const PUBLIC_WITHOUT_ERRORS = new Set(["getHealth", "getCircuitBreakers"]);

test("every operation answers as /openapi.json documents it", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const docResponse = await page.request.get("/openapi.json");
  expect(docResponse.status()).toBe(200);
  const contract = new OpenApiContract(await docResponse.json());
  const problems: string[] = [];
  const origin = new URL(baseURL as string).origin;

  await signUp(page, uniqueEmail("contract"), "Casey");
  const session = page.request;
  const anonymous: APIRequestContext = (await page.context().browser()?.newContext())
    ?.request as APIRequestContext;

  async function send(call: Omit<Call, "op" | "expect">): Promise<APIResponse> {
    const headers: Record<string, string> = call.as === "session" ? { origin } : {};
    let client = anonymous;
    if (call.as === "session") {
      client = session;
    } else if (call.as === "key") {
      headers.authorization = `Bearer ${fixture.secret}`;
    } else if (typeof call.as === "object") {
      headers.authorization = `Bearer ${call.as.bearer}`;
    }
    Object.assign(headers, call.headers);
    if (call.raw) headers["content-type"] = call.raw.contentType;
    return client.fetch(call.path, {
      method: call.method,
      headers,
      ...(call.raw
        ? { data: Buffer.from(call.raw.data) }
        : call.body !== undefined
          ? { data: call.body }
          : {}),
      failOnStatusCode: false,
      maxRedirects: 0,
    });
  }

  let callCount = 0;
  async function check(call: Call): Promise<Answer & { json: () => unknown }> {
    callCount++;
    const response = await send(call);
    const answer = { status: response.status(), headers: response.headers(), text: await response.text() };
    if (![call.expect].flat().includes(answer.status)) {
      problems.push(
        `${call.op} ${call.method} ${call.path}: expected ${call.expect}, got ${answer.status} ${answer.text.slice(0, 200)}`,
      );
    }
    problems.push(...contract.problems(call.op, call.method, answer));
    return { ...answer, json: () => JSON.parse(answer.text) };
  }

  // Fixtures: an agent with its key (created through the API itself), and a second agent.
  const created = await check({
    op: "createAgent",
    method: "POST",
    path: "/api/v1/agents",
    as: "session",
    body: { name: "Contract agent", tags: ["contract"] },
    expect: 201,
  });
  const first = created.json() as { agent: { id: string }; api_key: { id: string; secret: string } };
  const fixture = { agentId: first.agent.id, keyId: first.api_key.id, secret: first.api_key.secret };
  const orgId = ((await (await session.get("/api/v1/orgs")).json()) as { data: Array<{ id: string }> })
    .data[0]?.id as string;

  const missing = "/api/v1/agents/agt_doesnotexist";
  const calls: Call[] = [
    // Health
    { op: "getHealth", method: "GET", path: "/api/v1/coordination/health", as: "none", expect: 200 },
    {
      op: "getCircuitBreakers",
      method: "GET",
      path: "/api/v1/health/circuit-breakers",
      as: "none",
      expect: 200,
    },
    // Agents
    {
      op: "createAgent",
      method: "POST",
      path: "/api/v1/agents",
      as: "session",
      body: { description: "no name" },
      expect: 422,
    },
    {
      op: "createAgent",
      method: "POST",
      path: "/api/v1/agents",
      as: "key",
      body: { name: "agent keys cannot" },
      expect: 403,
    },
    { op: "listAgents", method: "GET", path: "/api/v1/agents?limit=5", as: "session", expect: 200 },
    { op: "listAgents", method: "GET", path: "/api/v1/agents?limit=0", as: "session", expect: 422 },
    { op: "listAgents", method: "GET", path: "/api/v1/agents", as: "none", expect: 401 },
    { op: "getAgent", method: "GET", path: `/api/v1/agents/${fixture.agentId}`, as: "session", expect: 200 },
    { op: "getAgent", method: "GET", path: missing, as: "session", expect: 404 },
    {
      op: "replaceAgent",
      method: "PUT",
      path: `/api/v1/agents/${fixture.agentId}`,
      as: "session",
      body: { name: "Contract agent", tags: ["contract", "put"] },
      expect: 200,
    },
    {
      op: "replaceAgent",
      method: "PUT",
      path: `/api/v1/agents/${fixture.agentId}`,
      as: "session",
      body: { tags: [] },
      expect: 422,
    },
    {
      op: "updateAgent",
      method: "PATCH",
      path: `/api/v1/agents/${fixture.agentId}`,
      as: "session",
      body: { description: "patched" },
      expect: 200,
    },
    {
      op: "updateAgent",
      method: "PATCH",
      path: `/api/v1/agents/${fixture.agentId}`,
      as: "session",
      raw: { data: "{oops", contentType: "application/json" },
      expect: 400,
    },
    {
      op: "listAgentKeys",
      method: "GET",
      path: `/api/v1/agents/${fixture.agentId}/keys`,
      as: "session",
      expect: 200,
    },
    { op: "listAgentKeys", method: "GET", path: `${missing}/keys`, as: "session", expect: 404 },
    {
      op: "createAgentKey",
      method: "POST",
      path: `/api/v1/agents/${fixture.agentId}/keys`,
      as: "session",
      body: { name: "x".repeat(101) },
      expect: 422,
    },
    // Coordination
    { op: "echo", method: "POST", path: "/api/v1/echo", as: "key", body: { message: "hello" }, expect: 200 },
    {
      op: "echo",
      method: "POST",
      path: "/api/v1/echo",
      as: "key",
      raw: { data: "hello", contentType: "text/plain" },
      expect: 415,
    },
    {
      op: "coordinationEcho",
      method: "POST",
      path: "/api/v1/coordination/echo",
      as: "key",
      body: { message: "hi", metadata: { trace: "t1" } },
      expect: 200,
    },
    {
      op: "coordinationEcho",
      method: "POST",
      path: "/api/v1/coordination/echo",
      as: "key",
      body: { message: "" },
      expect: 422,
    },
    { op: "listEchoLogs", method: "GET", path: "/api/v1/echo/logs?limit=2", as: "key", expect: 200 },
    { op: "listEchoLogs", method: "GET", path: "/api/v1/echo/logs?endpoint=nope", as: "key", expect: 422 },
    // Keys
    { op: "getCallingKey", method: "GET", path: "/api/v1/keys/me", as: "key", expect: 200 },
    { op: "getCallingKey", method: "GET", path: "/api/v1/keys/me", as: "session", expect: 401 },
    { op: "getKey", method: "GET", path: `/api/v1/keys/${fixture.keyId}`, as: "session", expect: 200 },
    { op: "getKey", method: "GET", path: "/api/v1/keys/key_doesnotexist", as: "session", expect: 404 },
    {
      op: "updateKey",
      method: "PATCH",
      path: `/api/v1/keys/${fixture.keyId}`,
      as: "session",
      body: { soft_cap_usd: "4.00", hard_cap_usd: "5.00" },
      expect: 200,
    },
    {
      op: "updateKey",
      method: "PATCH",
      path: `/api/v1/keys/${fixture.keyId}`,
      as: "session",
      body: { soft_cap_usd: "9.00", hard_cap_usd: "5.00" },
      expect: 422,
    },
    {
      op: "reissueSigningSecret",
      method: "POST",
      path: `/api/v1/keys/${fixture.keyId}/signing-secret`,
      as: "session",
      expect: 201,
    },
    {
      op: "reissueSigningSecret",
      method: "POST",
      path: "/api/v1/keys/key_doesnotexist/signing-secret",
      as: "session",
      expect: 404,
    },
    {
      op: "rotateKey",
      method: "POST",
      path: "/api/v1/keys/key_doesnotexist/rotate",
      as: "session",
      body: { grace_seconds: 60 },
      expect: 404,
    },
    {
      op: "rotateCallingKey",
      method: "POST",
      path: "/api/v1/keys/rotate",
      as: "key",
      body: { grace_seconds: -1 },
      expect: 422,
    },
    { op: "revokeKey", method: "DELETE", path: "/api/v1/keys/key_doesnotexist", as: "session", expect: 404 },
    // LLM gateway
    { op: "listModels", method: "GET", path: "/api/v1/models", as: "key", expect: 200 },
    {
      op: "listModels",
      method: "GET",
      path: "/api/v1/models",
      as: { bearer: "brk_live_not_a_real_key" },
      expect: 401,
    },
    {
      op: "createChatCompletion",
      method: "POST",
      path: "/api/v1/chat/completions",
      as: "key",
      body: {
        model: "local/brikk-1",
        messages: [{ role: "user", content: "Say hello in French" }],
        max_tokens: 32,
      },
      expect: 200,
    },
    {
      op: "createChatCompletion",
      method: "POST",
      path: "/api/v1/chat/completions",
      as: "key",
      body: {
        model: "local/brikk-1",
        messages: [{ role: "user", content: "Count to three" }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 16,
      },
      expect: 200,
    },
    {
      op: "createChatCompletion",
      method: "POST",
      path: "/api/v1/chat/completions",
      as: "key",
      body: { model: "local/brikk-1", messages: [] },
      expect: 400,
    },
    {
      op: "createChatCompletion",
      method: "POST",
      path: "/api/v1/chat/completions",
      as: "none",
      body: { model: "local/brikk-1", messages: [{ role: "user", content: "hi" }] },
      expect: 401,
    },
    { op: "getUsage", method: "GET", path: "/api/v1/usage/me", as: "key", expect: 200 },
    { op: "getUsage", method: "GET", path: "/api/v1/usage/me", as: "none", expect: 401 },
    // Billing
    { op: "getBalance", method: "GET", path: "/api/v1/billing/balance", as: "key", expect: 200 },
    {
      op: "getBalance",
      method: "GET",
      path: "/api/v1/billing/balance",
      as: { bearer: "brk_live_not_a_real_key" },
      expect: 401,
    },
    {
      op: "listTransactions",
      method: "GET",
      path: "/api/v1/billing/transactions?limit=3",
      as: "session",
      expect: 200,
    },
    { op: "listTransactions", method: "GET", path: "/api/v1/billing/transactions", as: "key", expect: 403 },
    { op: "listPayments", method: "GET", path: "/api/v1/billing/payments", as: "session", expect: 200 },
    {
      op: "listPayments",
      method: "GET",
      path: "/api/v1/billing/payments?limit=1000",
      as: "session",
      expect: 422,
    },
    {
      op: "createTopup",
      method: "POST",
      path: "/api/v1/billing/topup",
      as: "session",
      body: { credits: 500 },
      expect: 201,
    },
    {
      op: "createTopup",
      method: "POST",
      path: "/api/v1/billing/topup",
      as: "session",
      body: { credits: 1 },
      expect: 422,
    },
    {
      op: "receiveStripeEvent",
      method: "POST",
      path: "/api/v1/billing/webhooks/stripe",
      as: "none",
      raw: { data: "{}", contentType: "application/json" },
      headers: { "stripe-signature": "t=1,v1=bad" },
      expect: 400,
    },
    // Organizations
    { op: "listOrgs", method: "GET", path: "/api/v1/orgs", as: "session", expect: 200 },
    { op: "listOrgs", method: "GET", path: "/api/v1/orgs", as: "key", expect: 401 },
    { op: "getOrg", method: "GET", path: `/api/v1/orgs/${orgId}`, as: "session", expect: 200 },
    { op: "getOrg", method: "GET", path: "/api/v1/orgs/org_doesnotexist", as: "session", expect: 404 },
    {
      op: "renameOrg",
      method: "PATCH",
      path: `/api/v1/orgs/${orgId}`,
      as: "session",
      body: { name: "Contract Co" },
      expect: 200,
    },
    {
      op: "renameOrg",
      method: "PATCH",
      path: `/api/v1/orgs/${orgId}`,
      as: "session",
      body: { name: "" },
      expect: 422,
    },
    {
      op: "createOrg",
      method: "POST",
      path: "/api/v1/orgs",
      as: "session",
      body: { name: "Second Co" },
      expect: 201,
    },
    {
      op: "createOrg",
      method: "POST",
      path: "/api/v1/orgs",
      as: "session",
      body: { name: "Cross-site" },
      headers: { origin: "https://evil.example" },
      expect: 403,
    },
  ];
  for (const call of calls) await check(call);

  // Idempotency: the same key replays (Idempotent-Replayed), another body with it is 422.
  const idem = { "idempotency-key": `contract-${Date.now()}` };
  await check({
    op: "echo",
    method: "POST",
    path: "/api/v1/echo",
    as: "key",
    body: { message: "once" },
    headers: idem,
    expect: 200,
  });
  // The stored answer is written behind the response: a retry that beats it gets 409 with
  // Retry-After, as documented, and a retry after that wait gets the replay.
  let replay = await check({
    op: "echo",
    method: "POST",
    path: "/api/v1/echo",
    as: "key",
    body: { message: "once" },
    headers: idem,
    expect: [200, 409],
  });
  for (let attempt = 0; replay.status === 409 && attempt < 5; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, Number(replay.headers["retry-after"]) * 1000));
    replay = await check({
      op: "echo",
      method: "POST",
      path: "/api/v1/echo",
      as: "key",
      body: { message: "once" },
      headers: idem,
      expect: [200, 409],
    });
  }
  if (replay.headers["idempotent-replayed"] !== "true") problems.push("echo: the retry was not replayed");
  await check({
    op: "echo",
    method: "POST",
    path: "/api/v1/echo",
    as: "key",
    body: { message: "twice" },
    headers: idem,
    expect: 422,
  });

  // A second key of the agent: rotated by the session, then revoked; a third rotates itself.
  const second = (
    await check({
      op: "createAgentKey",
      method: "POST",
      path: `/api/v1/agents/${fixture.agentId}/keys`,
      as: "session",
      body: { name: "second" },
      expect: 201,
    })
  ).json() as { id: string };
  await check({
    op: "rotateKey",
    method: "POST",
    path: `/api/v1/keys/${second.id}/rotate`,
    as: "session",
    body: { grace_seconds: 0 },
    expect: 200,
  });
  await check({
    op: "revokeKey",
    method: "DELETE",
    path: `/api/v1/keys/${second.id}`,
    as: "session",
    expect: 200,
  });
  const third = (
    await check({
      op: "createAgentKey",
      method: "POST",
      path: `/api/v1/agents/${fixture.agentId}/keys`,
      as: "session",
      body: { name: "third" },
      expect: 201,
    })
  ).json() as { secret: string };
  await check({
    op: "rotateCallingKey",
    method: "POST",
    path: "/api/v1/keys/rotate",
    as: { bearer: third.secret },
    body: { grace_seconds: 60 },
    expect: 200,
  });

  // A key limited to one call a minute: the second call is 429 with Retry-After.
  const limited = (
    await check({
      op: "createAgentKey",
      method: "POST",
      path: `/api/v1/agents/${fixture.agentId}/keys`,
      as: "session",
      body: { name: "limited" },
      expect: 201,
    })
  ).json() as { id: string; secret: string };
  await check({
    op: "updateKey",
    method: "PATCH",
    path: `/api/v1/keys/${limited.id}`,
    as: "session",
    body: { rate_limit_per_min: 1 },
    expect: 200,
  });
  await check({
    op: "getCallingKey",
    method: "GET",
    path: "/api/v1/keys/me",
    as: { bearer: limited.secret },
    expect: 200,
  });
  await check({
    op: "getCallingKey",
    method: "GET",
    path: "/api/v1/keys/me",
    as: { bearer: limited.secret },
    expect: 429,
  });

  // A Stripe delivery signed with the webhook secret is accepted (an event type Brikk ignores).
  const event = JSON.stringify({
    id: `evt_contract_${Date.now()}`,
    object: "event",
    type: "customer.created",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: "cus_1", object: "customer" } },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: event,
    secret: STRIPE_WEBHOOK_SECRET,
  });
  await check({
    op: "receiveStripeEvent",
    method: "POST",
    path: "/api/v1/billing/webhooks/stripe",
    as: "none",
    raw: { data: event, contentType: "application/json" },
    headers: { "stripe-signature": signature },
    expect: 200,
  });

  // Reputation: the org rates its own agent (internal), reads its score, history, feedback and
  // the leaderboard; a second rating the same day is a 409; an unknown agent a 404.
  const feedbackOn = { agent_id: fixture.agentId, rating: 5, comment: "contract" };
  await check({
    op: "giveFeedback",
    method: "POST",
    path: "/api/v1/reputation/feedback",
    as: "key",
    body: feedbackOn,
    expect: 201,
  });
  await check({
    op: "giveFeedback",
    method: "POST",
    path: "/api/v1/reputation/feedback",
    as: "key",
    body: feedbackOn,
    expect: 409,
  });
  await check({
    op: "giveFeedback",
    method: "POST",
    path: "/api/v1/reputation/feedback",
    as: "key",
    body: { agent_id: fixture.agentId },
    expect: 422,
  });
  const reputationOf = (what: string, id: string) => `/api/v1/reputation/${what}/${id}`;
  await check({
    op: "getReputationScore",
    method: "GET",
    path: reputationOf("score", fixture.agentId),
    as: "key",
    expect: 200,
  });
  await check({
    op: "getReputationScore",
    method: "GET",
    path: reputationOf("score", "agt_doesnotexist"),
    as: "key",
    expect: 404,
  });
  await check({
    op: "getReputationHistory",
    method: "GET",
    path: reputationOf("history", fixture.agentId),
    as: "session",
    expect: 200,
  });
  await check({
    op: "getReputationHistory",
    method: "GET",
    path: `${reputationOf("history", fixture.agentId)}?from=2026-02-01&to=2026-01-01`,
    as: "session",
    expect: 422,
  });
  await check({
    op: "listFeedback",
    method: "GET",
    path: `/api/v1/reputation/feedback?agent_id=${fixture.agentId}`,
    as: "session",
    expect: 200,
  });
  await check({
    op: "listFeedback",
    method: "GET",
    path: "/api/v1/reputation/feedback?agent_id=agt_doesnotexist",
    as: "session",
    expect: 404,
  });
  await check({
    op: "getLeaderboard",
    method: "GET",
    path: "/api/v1/reputation/leaderboard?limit=5",
    as: "key",
    expect: 200,
  });
  await check({
    op: "getLeaderboard",
    method: "GET",
    path: "/api/v1/reputation/leaderboard?dimension=charm",
    as: "key",
    expect: 422,
  });

  // The panel: a run starts (201) and plays on the local provider; its stream replays it to
  // run_ended once it is over; cancelling an ended run changes nothing; bad input and unknown
  // runs are refused.
  const started = (
    await check({
      op: "startPanelRun",
      method: "POST",
      path: "/api/v1/panel/runs",
      as: "session",
      body: { prompt: "Contract question" },
      expect: 201,
    })
  ).json() as { id: string };
  await check({
    op: "startPanelRun",
    method: "POST",
    path: "/api/v1/panel/runs",
    as: "session",
    body: { prompt: "x", seats: ["agt_doesnotexist", null, null, null] },
    expect: 404,
  });
  await check({
    op: "startPanelRun",
    method: "POST",
    path: "/api/v1/panel/runs",
    as: "session",
    body: { prompt: "" },
    expect: 422,
  });
  await expect
    .poll(
      async () =>
        ((await session.get(`/api/v1/panel/runs/${started.id}`)).json() as Promise<{ status: string }>).then(
          (r) => r.status,
        ),
      { timeout: 60_000 },
    )
    .toBe("completed");
  const runPath = `/api/v1/panel/runs/${started.id}`;
  await check({ op: "getPanelRun", method: "GET", path: runPath, as: "session", expect: 200 });
  await check({
    op: "getPanelRun",
    method: "GET",
    path: "/api/v1/panel/runs/run_doesnotexist",
    as: "session",
    expect: 404,
  });
  await check({
    op: "listPanelRuns",
    method: "GET",
    path: "/api/v1/panel/runs?limit=5",
    as: "session",
    expect: 200,
  });
  await check({
    op: "listPanelRuns",
    method: "GET",
    path: "/api/v1/panel/runs?limit=0",
    as: "session",
    expect: 422,
  });
  await check({
    op: "streamPanelRunEvents",
    method: "GET",
    path: `${runPath}/events`,
    as: "session",
    expect: 200,
  });
  await check({
    op: "streamPanelRunEvents",
    method: "GET",
    path: "/api/v1/panel/runs/run_doesnotexist/events",
    as: "session",
    expect: 404,
  });
  await check({
    op: "cancelPanelRun",
    method: "POST",
    path: `${runPath}/cancel`,
    as: "session",
    expect: 200,
  });
  await check({
    op: "cancelPanelRun",
    method: "POST",
    path: "/api/v1/panel/runs/run_doesnotexist/cancel",
    as: "session",
    expect: 404,
  });

  // Deleting last: the second agent goes, then it is gone.
  const other = (
    await check({
      op: "createAgent",
      method: "POST",
      path: "/api/v1/agents",
      as: "session",
      body: { name: "To delete" },
      expect: 201,
    })
  ).json() as { agent: { id: string } };
  await check({
    op: "deleteAgent",
    method: "DELETE",
    path: `/api/v1/agents/${other.agent.id}`,
    as: "session",
    expect: 204,
  });
  await check({
    op: "deleteAgent",
    method: "DELETE",
    path: `/api/v1/agents/${other.agent.id}`,
    as: "session",
    expect: 404,
  });

  expect(problems, problems.join("\n")).toEqual([]);
  const uncovered = [...contract.operations.keys()].flatMap((id) => {
    const statuses = [...(contract.seen.get(id) ?? [])];
    const gaps: string[] = [];
    if (!statuses.some((s) => s < 300)) gaps.push(`${id}: no success exercised`);
    if (!PUBLIC_WITHOUT_ERRORS.has(id) && !statuses.some((s) => s >= 400))
      gaps.push(`${id}: no error exercised`);
    return gaps;
  });
  expect(uncovered, uncovered.join("\n")).toEqual([]);
  const total = [...contract.seen.values()].reduce((n, s) => n + s.size, 0);
  console.info(
    `contract: ${contract.operations.size} operations, ${callCount} calls, ${total} distinct (operation, status) pairs`,
  );
});
