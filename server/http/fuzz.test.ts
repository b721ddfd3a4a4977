import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import * as agentKeys from "@/app/api/v1/agents/[id]/keys/route";
import * as agentById from "@/app/api/v1/agents/[id]/route";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as billingBalance from "@/app/api/v1/billing/balance/route";
import * as billingPayments from "@/app/api/v1/billing/payments/route";
import * as billingTopup from "@/app/api/v1/billing/topup/route";
import * as billingTransactions from "@/app/api/v1/billing/transactions/route";
import * as stripeWebhook from "@/app/api/v1/billing/webhooks/stripe/route";
import * as chatCompletions from "@/app/api/v1/chat/completions/route";
import * as coordinationEcho from "@/app/api/v1/coordination/echo/route";
import * as health from "@/app/api/v1/coordination/health/route";
import * as echoLogs from "@/app/api/v1/echo/logs/route";
import * as echoRoute from "@/app/api/v1/echo/route";
import * as circuitBreakers from "@/app/api/v1/health/circuit-breakers/route";
import * as keyRotateById from "@/app/api/v1/keys/[id]/rotate/route";
import * as keyById from "@/app/api/v1/keys/[id]/route";
import * as signingSecret from "@/app/api/v1/keys/[id]/signing-secret/route";
import * as keysMe from "@/app/api/v1/keys/me/route";
import * as keysRotate from "@/app/api/v1/keys/rotate/route";
import * as models from "@/app/api/v1/models/route";
import * as orgById from "@/app/api/v1/orgs/[id]/route";
import * as orgsRoute from "@/app/api/v1/orgs/route";
import * as usageMe from "@/app/api/v1/usage/me/route";
import { CreateAgentInput, PatchAgentInput, ReplaceAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { EchoInput } from "@/server/echo/schemas";
import { NewAgentKeyInput, RotateInput, UpdateKeyInput } from "@/server/keys/schemas";
import { ChatCompletionInput } from "@/server/llm/schemas";
import { CreateOrgInput, RenameOrgInput } from "@/server/orgs/schemas";
import { withTestDb } from "@/test/db";
import { errorContentType } from "@/test/error-format";
import { createUser, ORIGIN, orgContext } from "@/test/factories";
import { FakeStripe } from "@/test/fake-stripe";
import { bodiesFor, invalidUtf8, pathIds, queriesFor } from "@/test/fuzz/arbitraries";
import { setEnvForTests } from "../platform/env";

// Property-based fuzzing of every /api/v1 route with a fixed seed and bounded runs: whatever the
// body, query or path id, the answer is never a 5xx, and a rejected request writes nothing.

const t = withTestDb();
const SEED = 20_261_122;
const RUNS = 25;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Target = {
  name: string;
  handler: Handler;
  method: string;
  path: string;
  caller: "session" | "key";
  body?: z.ZodType;
  query?: string[];
  /** The path has an {id}: fuzz it too (with garbage only, so real rows are never hit by DELETE). */
  fuzzId?: boolean;
};

const TARGETS: Target[] = [
  {
    name: "GET health",
    handler: health.GET,
    method: "GET",
    path: "/api/v1/coordination/health",
    caller: "session",
  },
  {
    name: "GET circuit breakers",
    handler: circuitBreakers.GET,
    method: "GET",
    path: "/api/v1/health/circuit-breakers",
    caller: "session",
  },
  {
    name: "GET agents",
    handler: agentsRoute.GET,
    method: "GET",
    path: "/api/v1/agents",
    caller: "session",
    query: ["status", "q", "cursor", "limit"],
  },
  {
    name: "POST agents",
    handler: agentsRoute.POST,
    method: "POST",
    path: "/api/v1/agents",
    caller: "session",
    body: CreateAgentInput,
  },
  {
    name: "GET agent",
    handler: agentById.GET,
    method: "GET",
    path: "/api/v1/agents/{id}",
    caller: "session",
    fuzzId: true,
  },
  {
    name: "PUT agent",
    handler: agentById.PUT,
    method: "PUT",
    path: "/api/v1/agents/{agent}",
    caller: "session",
    body: ReplaceAgentInput,
  },
  {
    name: "PATCH agent",
    handler: agentById.PATCH,
    method: "PATCH",
    path: "/api/v1/agents/{agent}",
    caller: "session",
    body: PatchAgentInput,
  },
  {
    name: "DELETE agent",
    handler: agentById.DELETE,
    method: "DELETE",
    path: "/api/v1/agents/{id}",
    caller: "session",
    fuzzId: true,
  },
  {
    name: "GET agent keys",
    handler: agentKeys.GET,
    method: "GET",
    path: "/api/v1/agents/{id}/keys",
    caller: "session",
    fuzzId: true,
  },
  {
    name: "POST agent keys",
    handler: agentKeys.POST,
    method: "POST",
    path: "/api/v1/agents/{agent}/keys",
    caller: "session",
    body: NewAgentKeyInput,
  },
  {
    name: "GET key",
    handler: keyById.GET,
    method: "GET",
    path: "/api/v1/keys/{id}",
    caller: "session",
    fuzzId: true,
  },
  {
    name: "PATCH key",
    handler: keyById.PATCH,
    method: "PATCH",
    path: "/api/v1/keys/{spare}",
    caller: "session",
    body: UpdateKeyInput,
  },
  {
    name: "DELETE key",
    handler: keyById.DELETE,
    method: "DELETE",
    path: "/api/v1/keys/{id}",
    caller: "session",
    fuzzId: true,
  },
  {
    name: "POST key rotate",
    handler: keyRotateById.POST,
    method: "POST",
    path: "/api/v1/keys/{spare}/rotate",
    caller: "session",
    body: RotateInput,
  },
  {
    name: "POST signing-secret",
    handler: signingSecret.POST,
    method: "POST",
    path: "/api/v1/keys/{id}/signing-secret",
    caller: "session",
    fuzzId: true,
    body: z.strictObject({}),
  },
  {
    name: "POST echo",
    handler: echoRoute.POST,
    method: "POST",
    path: "/api/v1/echo",
    caller: "key",
    body: EchoInput,
  },
  {
    name: "POST coordination echo",
    handler: coordinationEcho.POST,
    method: "POST",
    path: "/api/v1/coordination/echo",
    caller: "key",
    body: EchoInput,
  },
  {
    name: "GET echo logs",
    handler: echoLogs.GET,
    method: "GET",
    path: "/api/v1/echo/logs",
    caller: "key",
    query: ["agent_id", "endpoint", "cursor", "limit"],
  },
  {
    name: "GET billing balance",
    handler: billingBalance.GET,
    method: "GET",
    path: "/api/v1/billing/balance",
    caller: "key",
  },
  {
    name: "GET billing transactions",
    handler: billingTransactions.GET,
    method: "GET",
    path: "/api/v1/billing/transactions",
    caller: "session",
    query: ["kind", "from", "to", "min_amount", "max_amount", "q", "cursor", "limit"],
  },
  {
    name: "POST billing topup",
    handler: billingTopup.POST,
    method: "POST",
    path: "/api/v1/billing/topup",
    caller: "session",
    body: z.strictObject({ credits: z.number().int().min(50).max(100_000) }),
  },
  {
    name: "GET billing payments",
    handler: billingPayments.GET,
    method: "GET",
    path: "/api/v1/billing/payments",
    caller: "session",
    query: ["cursor", "limit"],
  },
  {
    // Unsigned or wrongly signed deliveries of any shape: 400, nothing stored.
    name: "POST stripe webhook",
    handler: stripeWebhook.POST,
    method: "POST",
    path: "/api/v1/billing/webhooks/stripe",
    caller: "session",
    body: z.object({
      id: z.string(),
      type: z.string(),
      data: z.object({ object: z.record(z.string(), z.unknown()) }),
    }),
  },
  {
    name: "POST chat completions",
    handler: chatCompletions.POST,
    method: "POST",
    path: "/api/v1/chat/completions",
    caller: "key",
    body: ChatCompletionInput,
  },
  { name: "GET models", handler: models.GET, method: "GET", path: "/api/v1/models", caller: "key" },
  { name: "GET usage/me", handler: usageMe.GET, method: "GET", path: "/api/v1/usage/me", caller: "key" },
  { name: "GET keys/me", handler: keysMe.GET, method: "GET", path: "/api/v1/keys/me", caller: "key" },
  {
    name: "POST keys/rotate",
    handler: keysRotate.POST,
    method: "POST",
    path: "/api/v1/keys/rotate",
    caller: "key",
    body: RotateInput,
  },
  { name: "GET orgs", handler: orgsRoute.GET, method: "GET", path: "/api/v1/orgs", caller: "session" },
  {
    name: "POST orgs",
    handler: orgsRoute.POST,
    method: "POST",
    path: "/api/v1/orgs",
    caller: "session",
    body: CreateOrgInput,
  },
  {
    name: "GET org",
    handler: orgById.GET,
    method: "GET",
    path: "/api/v1/orgs/{id}",
    caller: "session",
    fuzzId: true,
  },
  {
    name: "PATCH org",
    handler: orgById.PATCH,
    method: "PATCH",
    path: "/api/v1/orgs/{org}",
    caller: "session",
    body: RenameOrgInput,
  },
];

const COUNTED_TABLES = [
  "agents",
  "api_keys",
  "message_logs",
  "organizations",
  "memberships",
  "invitations",
  "idempotency_keys",
  "audit_events",
  "ledger_transfers",
  "ledger_entries",
  "ledger_reservations",
  "stripe_payments",
  "stripe_events",
  "llm_usage_events",
];

async function rowCounts(): Promise<Record<string, number>> {
  const select = COUNTED_TABLES.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(", ");
  const result = await t.db.execute(sql.raw(`select ${select}`));
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
    string,
    number
  >[];
  return rows[0] ?? {};
}

type World = { cookie: string; agentKey: string; ids: Record<string, string> };

async function world(): Promise<World> {
  const owner = await createUser(t.db);
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const main = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Fuzzed" }) });
  const spare = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Spare" }) });
  return {
    cookie: owner.cookie,
    agentKey: main.api_key.secret,
    ids: { agent: main.agent.id, spare: spare.api_key.id, org: owner.orgId },
  };
}

function request(
  target: Target,
  w: World,
  pathValue: string,
  query: string,
  body: string | Uint8Array | undefined,
) {
  const headers = new Headers();
  if (target.caller === "key") headers.set("authorization", `Bearer ${w.agentKey}`);
  else {
    headers.set("cookie", w.cookie);
    headers.set("origin", ORIGIN);
    headers.set("host", new URL(ORIGIN).host);
  }
  if (body !== undefined) headers.set("content-type", "application/json");
  const url = `${ORIGIN}${pathValue}${query ? `?${query}` : ""}`;
  return new Request(url, { method: target.method, headers, body: body as BodyInit | undefined });
}

function resolvePath(target: Target, w: World, id: string): { path: string; params: Record<string, string> } {
  const match = /\{(\w+)\}/.exec(target.path);
  if (!match?.[1]) return { path: target.path, params: {} };
  const value = match[1] === "id" ? id : (w.ids[match[1]] ?? "");
  return { path: target.path.replace(match[0], encodeURIComponent(value)), params: { id: value } };
}

describe("fuzzing every /api/v1 route", () => {
  const stripe = new FakeStripe();
  beforeAll(() => stripe.start());
  afterAll(() => stripe.stop());
  beforeEach(() => {
    // Rate limits are tested elsewhere; here they would only turn generated requests into 429s.
    setEnvForTests({
      BRIKK_RATE_LIMIT_ENABLED: "false",
      STRIPE_SECRET_KEY: "sk_test_fuzz",
      STRIPE_PUBLISHABLE_KEY: "pk_test_fuzz",
      STRIPE_WEBHOOK_SECRET: "whsec_fuzz",
      STRIPE_API_URL: stripe.url,
      BRIKK_LOCAL_TOKENS_PER_SECOND: "0",
    });
  });

  it.each(TARGETS.map((target) => [target.name, target] as const))(
    "%s: no 5xx, no writes on reject",
    async (_, target) => {
      const w = await world();
      const bodies = target.body ? fc.oneof(bodiesFor(target.body), invalidUtf8) : fc.constant(undefined);
      const queries = target.query ? queriesFor(target.query) : fc.constant("");
      const ids = target.fuzzId ? pathIds : fc.constant("");
      await fc.assert(
        fc.asyncProperty(bodies, queries, ids, async (body, query, id) => {
          const before = await rowCounts();
          const { path, params } = resolvePath(target, w, id);
          const res = await target.handler(request(target, w, path, query, body), {
            params: Promise.resolve(params),
          });
          expect(res.status, `${target.method} ${path}?${query} ${String(body).slice(0, 200)}`).toBeLessThan(
            500,
          );
          if (res.status >= 400) {
            expect(res.headers.get("content-type")).toBe(errorContentType(target.path));
            expect(await rowCounts()).toEqual(before);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
  );
});
