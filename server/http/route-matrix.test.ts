import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
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
import * as panelRunCancel from "@/app/api/v1/panel/runs/[id]/cancel/route";
import * as panelRunEvents from "@/app/api/v1/panel/runs/[id]/events/route";
import * as panelRun from "@/app/api/v1/panel/runs/[id]/route";
import * as panelRuns from "@/app/api/v1/panel/runs/route";
import * as feedback from "@/app/api/v1/reputation/feedback/route";
import * as reputationHistory from "@/app/api/v1/reputation/history/[agent_id]/route";
import * as leaderboard from "@/app/api/v1/reputation/leaderboard/route";
import * as reputationScore from "@/app/api/v1/reputation/score/[agent_id]/route";
import * as usageMe from "@/app/api/v1/usage/me/route";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import type { EndpointContract } from "@/server/http/endpoint";
import { createKey } from "@/server/keys/service";
import { withTestDb } from "@/test/db";
import { errorContentType } from "@/test/error-format";
import { addMember, createUser, ORIGIN, orgContext, type TestUser } from "@/test/factories";
import { grantTestCredits } from "@/test/ledger";
import { insertEndedRun, runsSettled } from "@/test/panel-kit";

// Every /api/v1 route × every kind of caller, against the README's "Who may do what" table.
// Resources belong to org A; `outsider` is the owner of org B probing org A's ids.

const t = withTestDb();

const PRINCIPALS = [
  "anon",
  "agent",
  "mgmtRead",
  "mgmtWrite",
  "viewer",
  "member",
  "admin",
  "owner",
  "outsider",
] as const;
type PrincipalName = (typeof PRINCIPALS)[number];
type Expected = Record<PrincipalName, number>;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Fixture = { agentId: string; keyId: string; mgmtKeyId: string; orgId: string; runId: string };
type RouteCase = {
  name: string;
  handler: Handler;
  method: string;
  path: (f: Fixture) => string;
  params?: (f: Fixture) => Record<string, string>;
  body?: unknown;
  /** A body that names the fixture's resources. */
  bodyOf?: (f: Fixture) => unknown;
  expected: Expected;
};

const row = (values: number[]): Expected =>
  Object.fromEntries(PRINCIPALS.map((p, i) => [p, values[i]])) as Expected;
//                        anon agent mRead mWrite viewer member admin owner outsider
const READ_ORG = row([401, 403, 200, 200, 200, 200, 200, 200, 404]);
const WRITE_ORG = row([401, 403, 403, 200, 403, 200, 200, 200, 404]);
const KEY_ONLY = row([401, 200, 200, 200, 401, 401, 401, 401, 401]);
const SESSION_ONLY = row([401, 401, 401, 401, 200, 200, 200, 200, 200]);
const EVERYONE = row([401, 200, 200, 200, 200, 200, 200, 200, 200]);
/** Any caller of org A (its agent key too); the outsider cannot see org A's private agent. */
const ANY_CALLER_OF_A = row([401, 200, 200, 200, 200, 200, 200, 200, 404]);
const agentParams = (f: Fixture) => ({ id: f.agentId });
const keyParams = (f: Fixture) => ({ id: f.keyId });
const mgmtKeyParams = (f: Fixture) => ({ id: f.mgmtKeyId });
// A management key of org A is managed by admins and owners (and keys:write management keys) only.
const ADMIN_KEYS = row([401, 403, 403, 200, 403, 403, 200, 200, 404]);

const ROUTES: RouteCase[] = [
  {
    name: "GET health",
    handler: health.GET,
    method: "GET",
    path: () => "/api/v1/coordination/health",
    expected: row(Array(9).fill(200)),
  },
  {
    name: "GET circuit breakers",
    handler: circuitBreakers.GET,
    method: "GET",
    path: () => "/api/v1/health/circuit-breakers",
    expected: row(Array(9).fill(200)),
  },
  {
    name: "GET agents",
    handler: agentsRoute.GET,
    method: "GET",
    path: () => "/api/v1/agents",
    expected: { ...READ_ORG, outsider: 200 },
  },
  {
    name: "POST agents",
    handler: agentsRoute.POST,
    method: "POST",
    path: () => "/api/v1/agents",
    body: { name: "New" },
    expected: row([401, 403, 403, 201, 403, 201, 201, 201, 201]),
  },
  {
    name: "GET agent",
    handler: agentById.GET,
    method: "GET",
    path: (f) => `/api/v1/agents/${f.agentId}`,
    params: agentParams,
    expected: READ_ORG,
  },
  {
    name: "PATCH agent",
    handler: agentById.PATCH,
    method: "PATCH",
    path: (f) => `/api/v1/agents/${f.agentId}`,
    params: agentParams,
    body: { description: "x" },
    expected: WRITE_ORG,
  },
  {
    name: "PUT agent",
    handler: agentById.PUT,
    method: "PUT",
    path: (f) => `/api/v1/agents/${f.agentId}`,
    params: agentParams,
    body: { name: "Renamed" },
    expected: WRITE_ORG,
  },
  {
    name: "DELETE agent",
    handler: agentById.DELETE,
    method: "DELETE",
    path: (f) => `/api/v1/agents/${f.agentId}`,
    params: agentParams,
    expected: row([401, 403, 403, 204, 403, 403, 204, 204, 404]),
  },
  {
    name: "GET agent keys",
    handler: agentKeys.GET,
    method: "GET",
    path: (f) => `/api/v1/agents/${f.agentId}/keys`,
    params: agentParams,
    expected: READ_ORG,
  },
  {
    name: "POST agent keys",
    handler: agentKeys.POST,
    method: "POST",
    path: (f) => `/api/v1/agents/${f.agentId}/keys`,
    params: agentParams,
    body: { name: "extra" },
    expected: { ...WRITE_ORG, mgmtWrite: 201, member: 201, admin: 201, owner: 201 },
  },
  {
    name: "GET key",
    handler: keyById.GET,
    method: "GET",
    path: (f) => `/api/v1/keys/${f.keyId}`,
    params: keyParams,
    expected: READ_ORG,
  },
  {
    name: "PATCH key",
    handler: keyById.PATCH,
    method: "PATCH",
    path: (f) => `/api/v1/keys/${f.keyId}`,
    params: keyParams,
    body: { name: "renamed" },
    expected: WRITE_ORG,
  },
  {
    name: "DELETE key",
    handler: keyById.DELETE,
    method: "DELETE",
    path: (f) => `/api/v1/keys/${f.keyId}`,
    params: keyParams,
    expected: WRITE_ORG,
  },
  {
    name: "GET management key",
    handler: keyById.GET,
    method: "GET",
    path: (f) => `/api/v1/keys/${f.mgmtKeyId}`,
    params: mgmtKeyParams,
    expected: row([401, 403, 200, 200, 403, 403, 200, 200, 404]),
  },
  {
    name: "PATCH management key",
    handler: keyById.PATCH,
    method: "PATCH",
    path: (f) => `/api/v1/keys/${f.mgmtKeyId}`,
    params: mgmtKeyParams,
    body: { name: "renamed" },
    expected: ADMIN_KEYS,
  },
  {
    name: "DELETE management key",
    handler: keyById.DELETE,
    method: "DELETE",
    path: (f) => `/api/v1/keys/${f.mgmtKeyId}`,
    params: mgmtKeyParams,
    expected: ADMIN_KEYS,
  },
  {
    name: "POST management key rotate",
    handler: keyRotateById.POST,
    method: "POST",
    path: (f) => `/api/v1/keys/${f.mgmtKeyId}/rotate`,
    params: mgmtKeyParams,
    body: { grace_seconds: 0 },
    expected: ADMIN_KEYS,
  },
  {
    name: "POST management key signing-secret",
    handler: signingSecret.POST,
    method: "POST",
    path: (f) => `/api/v1/keys/${f.mgmtKeyId}/signing-secret`,
    params: mgmtKeyParams,
    expected: { ...ADMIN_KEYS, mgmtWrite: 201, admin: 201, owner: 201 },
  },
  {
    name: "POST key rotate",
    handler: keyRotateById.POST,
    method: "POST",
    path: (f) => `/api/v1/keys/${f.keyId}/rotate`,
    params: keyParams,
    body: { grace_seconds: 0 },
    expected: WRITE_ORG,
  },
  {
    name: "POST key signing-secret",
    handler: signingSecret.POST,
    method: "POST",
    path: (f) => `/api/v1/keys/${f.keyId}/signing-secret`,
    params: keyParams,
    expected: { ...WRITE_ORG, mgmtWrite: 201, member: 201, admin: 201, owner: 201 },
  },
  {
    name: "POST echo",
    handler: echoRoute.POST,
    method: "POST",
    path: () => "/api/v1/echo",
    body: { message: "hi" },
    expected: EVERYONE,
  },
  {
    name: "POST coordination echo",
    handler: coordinationEcho.POST,
    method: "POST",
    path: () => "/api/v1/coordination/echo",
    body: { message: "hi" },
    expected: EVERYONE,
  },
  {
    name: "GET echo logs",
    handler: echoLogs.GET,
    method: "GET",
    path: () => "/api/v1/echo/logs",
    expected: EVERYONE,
  },
  {
    name: "GET billing balance",
    handler: billingBalance.GET,
    method: "GET",
    path: () => "/api/v1/billing/balance",
    expected: row([401, 200, 403, 403, 200, 200, 200, 200, 200]),
  },
  {
    name: "GET billing transactions",
    handler: billingTransactions.GET,
    method: "GET",
    path: () => "/api/v1/billing/transactions",
    expected: row([401, 403, 403, 403, 200, 200, 200, 200, 200]),
  },
  {
    // Stripe is not configured in this test: callers allowed to top up learn that (503).
    name: "POST billing topup",
    handler: billingTopup.POST,
    method: "POST",
    path: () => "/api/v1/billing/topup",
    body: { credits: 100 },
    expected: row([401, 403, 403, 403, 403, 403, 503, 503, 503]),
  },
  {
    name: "GET billing payments",
    handler: billingPayments.GET,
    method: "GET",
    path: () => "/api/v1/billing/payments",
    expected: row([401, 403, 403, 403, 403, 403, 200, 200, 200]),
  },
  {
    // Authenticated by Stripe's signature only; unconfigured here, so 503 for everyone.
    name: "POST stripe webhook",
    handler: stripeWebhook.POST,
    method: "POST",
    path: () => "/api/v1/billing/webhooks/stripe",
    body: { id: "evt_1" },
    expected: row(Array(9).fill(503)),
  },
  {
    name: "POST chat completions",
    handler: chatCompletions.POST,
    method: "POST",
    path: () => "/api/v1/chat/completions",
    body: { model: "local/brikk-1", messages: [{ role: "user", content: "hi" }] },
    expected: EVERYONE,
  },
  {
    name: "GET models",
    handler: models.GET,
    method: "GET",
    path: () => "/api/v1/models",
    expected: EVERYONE,
  },
  {
    name: "GET usage/me",
    handler: usageMe.GET,
    method: "GET",
    path: () => "/api/v1/usage/me",
    expected: EVERYONE,
  },
  {
    name: "GET reputation score",
    handler: reputationScore.GET,
    method: "GET",
    path: (f) => `/api/v1/reputation/score/${f.agentId}`,
    params: (f) => ({ agent_id: f.agentId }),
    expected: ANY_CALLER_OF_A,
  },
  {
    name: "GET reputation history",
    handler: reputationHistory.GET,
    method: "GET",
    path: (f) => `/api/v1/reputation/history/${f.agentId}`,
    params: (f) => ({ agent_id: f.agentId }),
    expected: ANY_CALLER_OF_A,
  },
  {
    name: "GET reputation feedback",
    handler: feedback.GET,
    method: "GET",
    path: (f) => `/api/v1/reputation/feedback?agent_id=${f.agentId}`,
    expected: ANY_CALLER_OF_A,
  },
  {
    name: "POST reputation feedback",
    handler: feedback.POST,
    method: "POST",
    path: () => "/api/v1/reputation/feedback",
    bodyOf: (f) => ({ agent_id: f.agentId, rating: 4 }),
    // Viewers only read; org A's feedback on its own agent is internal; the outsider sees no agent.
    expected: row([401, 201, 201, 201, 403, 201, 201, 201, 404]),
  },
  {
    name: "GET reputation leaderboard",
    handler: leaderboard.GET,
    method: "GET",
    path: () => "/api/v1/reputation/leaderboard",
    expected: EVERYONE,
  },
  {
    name: "GET panel runs",
    handler: panelRuns.GET,
    method: "GET",
    path: () => "/api/v1/panel/runs",
    expected: { ...READ_ORG, outsider: 200 },
  },
  {
    // Agent keys do not start runs (a run may create agents); the outsider starts one in its own org.
    name: "POST panel runs",
    handler: panelRuns.POST,
    method: "POST",
    path: () => "/api/v1/panel/runs",
    body: { prompt: "Matrix question" },
    expected: row([401, 403, 403, 201, 403, 201, 201, 201, 201]),
  },
  {
    name: "GET panel run",
    handler: panelRun.GET,
    method: "GET",
    path: (f) => `/api/v1/panel/runs/${f.runId}`,
    params: (f) => ({ id: f.runId }),
    expected: READ_ORG,
  },
  {
    name: "GET panel run events",
    handler: panelRunEvents.GET,
    method: "GET",
    path: (f) => `/api/v1/panel/runs/${f.runId}/events`,
    params: (f) => ({ id: f.runId }),
    expected: READ_ORG,
  },
  {
    name: "POST panel run cancel",
    handler: panelRunCancel.POST,
    method: "POST",
    path: (f) => `/api/v1/panel/runs/${f.runId}/cancel`,
    params: (f) => ({ id: f.runId }),
    expected: WRITE_ORG,
  },
  {
    name: "GET keys/me",
    handler: keysMe.GET,
    method: "GET",
    path: () => "/api/v1/keys/me",
    expected: KEY_ONLY,
  },
  {
    name: "POST keys/rotate",
    handler: keysRotate.POST,
    method: "POST",
    path: () => "/api/v1/keys/rotate",
    body: { grace_seconds: 3600 },
    expected: KEY_ONLY,
  },
  {
    name: "GET orgs",
    handler: orgsRoute.GET,
    method: "GET",
    path: () => "/api/v1/orgs",
    expected: SESSION_ONLY,
  },
  {
    name: "POST orgs",
    handler: orgsRoute.POST,
    method: "POST",
    path: () => "/api/v1/orgs",
    body: { name: "Side org" },
    expected: { ...SESSION_ONLY, viewer: 201, member: 201, admin: 201, owner: 201, outsider: 201 },
  },
  {
    name: "GET org",
    handler: orgById.GET,
    method: "GET",
    path: (f) => `/api/v1/orgs/${f.orgId}`,
    params: (f) => ({ id: f.orgId }),
    expected: { ...SESSION_ONLY, outsider: 404 },
  },
  {
    name: "PATCH org",
    handler: orgById.PATCH,
    method: "PATCH",
    path: (f) => `/api/v1/orgs/${f.orgId}`,
    params: (f) => ({ id: f.orgId }),
    body: { name: "Renamed org" },
    expected: row([401, 401, 401, 401, 403, 403, 200, 200, 404]),
  },
];

type Callers = {
  owner: TestUser;
  sessions: Record<"viewer" | "member" | "admin" | "owner" | "outsider", { cookie: string }>;
  mgmtRead: string;
  mgmtWrite: string;
};

async function setUp(): Promise<Callers> {
  const owner = await createUser(t.db);
  // Panel runs cost a fee and eight turns each: more than the sign-up grant leaves after the rest.
  await grantTestCredits(t.db, owner.orgId, "1000", "route-matrix");
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const withRole = async (role: "viewer" | "member" | "admin") => {
    const user = await createUser(t.db);
    await addMember(t.db, owner.orgId, user.id, role);
    // Their active org is A (each also has a personal org).
    return { cookie: `${user.cookie}; brikk_org=${owner.orgId}` };
  };
  const mgmt = async (scopes: ("agents:read" | "agents:write" | "keys:write")[]) =>
    (await createKey({ ctx, input: { kind: "management", name: scopes.join(","), scopes } })).secret;
  return {
    owner,
    sessions: {
      viewer: await withRole("viewer"),
      member: await withRole("member"),
      admin: await withRole("admin"),
      owner: { cookie: `${owner.cookie}; brikk_org=${owner.orgId}` },
      outsider: { cookie: (await createUser(t.db)).cookie },
    },
    mgmtRead: await mgmt(["agents:read"]),
    mgmtWrite: await mgmt(["agents:read", "agents:write", "keys:write"]),
  };
}

function requestAs(
  principal: PrincipalName,
  callers: Callers,
  agentKey: string,
  route: RouteCase,
  fixture: Fixture,
) {
  const headers = new Headers();
  if (principal === "agent") headers.set("authorization", `Bearer ${agentKey}`);
  else if (principal === "mgmtRead") headers.set("authorization", `Bearer ${callers.mgmtRead}`);
  else if (principal === "mgmtWrite") headers.set("authorization", `Bearer ${callers.mgmtWrite}`);
  else if (principal !== "anon") {
    headers.set("cookie", callers.sessions[principal].cookie);
    headers.set("origin", ORIGIN);
    headers.set("host", new URL(ORIGIN).host);
  }
  const body = route.bodyOf?.(fixture) ?? route.body;
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${ORIGIN}${route.path(fixture)}`, {
    method: route.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** `METHOD /api/v1/...{id}...` for every handler exported under app/api/v1. */
async function routesOnDisk(): Promise<string[]> {
  const root = path.join(process.cwd(), "app/api/v1");
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith("route.ts"));
  const found: string[] = [];
  for (const file of files) {
    // Every path parameter reads {id} here, as the fixture's placeholders print it.
    const template = `/api/v1/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{id}");
    const mod = (await import(path.join(root, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS)
      if (typeof mod[method] === "function") found.push(`${method} ${template}`);
  }
  return found.sort();
}

/**
 * A success that does not match the route's declared response schema (what the API reference
 * will promise), or a JSON success from a route that declares none; null when it matches.
 */
async function responseMismatch(route: RouteCase, res: Response): Promise<string | null> {
  if (res.status < 200 || res.status >= 300 || res.status === 204) return null;
  if (!res.headers.get("content-type")?.startsWith("application/json")) return null;
  const declared = (route.handler as Partial<{ contract: EndpointContract }>).contract?.response;
  if (!declared) return `answered ${res.status} JSON but declares no response schema`;
  const parsed = declared.safeParse(await res.clone().json());
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `the ${res.status} body breaks its response schema at /${issue?.path.join("/")}: ${issue?.message}`;
}

describe("route × principal matrix", () => {
  it("covers every route handler under app/api/v1", async () => {
    const placeholders = { agentId: "{id}", keyId: "{id}", mgmtKeyId: "{id}", orgId: "{id}", runId: "{id}" };
    const covered = [
      ...new Set(ROUTES.map((r) => `${r.method} ${r.path(placeholders).split("?")[0]}`)),
    ].sort();
    expect(covered).toEqual(await routesOnDisk());
  });

  it("answers every caller of every /api/v1 route as the README's table says", async () => {
    const callers = await setUp();
    const ownerCtx = await orgContext(t.db, callers.owner, callers.owner.orgId);
    const mismatches: string[] = [];
    for (const route of ROUTES) {
      for (const principal of PRINCIPALS) {
        // A fresh agent and key per call: deletes, revokes and rotations must not leak into the next.
        const created = await createAgent({
          ctx: ownerCtx,
          input: CreateAgentInput.parse({ name: "Subject" }),
        });
        const target = await createKey({
          ctx: ownerCtx,
          input: { kind: "management", name: "target", scopes: ["agents:read"] },
        });
        const fixture = {
          agentId: created.agent.id,
          keyId: created.api_key.id,
          mgmtKeyId: target.id,
          orgId: callers.owner.orgId,
          runId: await insertEndedRun(t.db, callers.owner.orgId),
        };
        const res = await route.handler(
          requestAs(principal, callers, created.api_key.secret, route, fixture),
          {
            params: Promise.resolve(route.params?.(fixture) ?? {}),
          },
        );
        if (res.status !== route.expected[principal]) {
          mismatches.push(
            `${route.name} as ${principal}: ${res.status} (expected ${route.expected[principal]})`,
          );
        }
        const problem = await responseMismatch(route, res);
        if (problem) mismatches.push(`${route.name} as ${principal}: ${problem}`);
        if (res.status >= 400)
          expect(res.headers.get("content-type")).toBe(errorContentType(route.path(fixture)));
      }
    }
    await runsSettled();
    expect(mismatches).toEqual([]);
  }, 120_000);
});
