import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { setPlatformAdmin } from "@/server/auth/service";
import { createKey } from "@/server/keys/service";
import { inviteMember } from "@/server/orgs/invitations";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext, type TestUser } from "@/test/factories";
import { insertEndedRun, runsSettled } from "@/test/panel-kit";
import { ACTIVE_ORG_COOKIE } from "../auth/cookies";
import { appRouter, createCaller } from "../root/app-router";
import { createTRPCContext } from "./context";

// Every tRPC procedure × every kind of dashboard caller, from one table. Resources belong to org A;
// `outsider` owns org B, and the platform admin is a platform administrator who is not in org A:
// both act in their own org, so org A's ids are a 404 to them. A procedure missing from the table
// fails the first test, as a route missing from the REST matrix does.

const t = withTestDb();

const CALLERS = ["signedOut", "viewer", "member", "admin", "owner", "platformAdmin", "outsider"] as const;
type CallerName = (typeof CALLERS)[number];
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "SERVICE_UNAVAILABLE";
type Expected = Record<CallerName, Outcome>;

type Fixture = {
  orgId: string;
  agentId: string;
  agentKeyId: string;
  mgmtKeyId: string;
  memberUserId: string;
  invitationId: string;
  invitationToken: string;
  runId: string;
};
type Case = { procedure: string; label?: string; input?: (f: Fixture) => unknown; expected: Expected };

const U = "UNAUTHORIZED";
const F = "FORBIDDEN";
const N = "NOT_FOUND";
const row = (values: Outcome[]): Expected =>
  Object.fromEntries(CALLERS.map((c, i) => [c, values[i]])) as Expected;
//                       signedOut viewer member admin owner platformAdmin outsider
const SIGNED_IN = row([U, "ok", "ok", "ok", "ok", "ok", "ok"]);
const READ_A = row([U, "ok", "ok", "ok", "ok", N, N]);
const MEMBER_WRITES_A = row([U, F, "ok", "ok", "ok", N, N]);
const ADMIN_WRITES_A = row([U, F, F, "ok", "ok", N, N]);
const ADMIN_OWN_ORG = row([U, F, F, "ok", "ok", "ok", "ok"]);
const MEMBER_OWN_ORG = row([U, F, "ok", "ok", "ok", "ok", "ok"]);
const PLATFORM_ADMIN = row([U, F, F, F, F, "ok", F]);

const CASES: Case[] = [
  { procedure: "me", expected: SIGNED_IN },
  { procedure: "orgs.list", expected: SIGNED_IN },
  { procedure: "orgs.current", expected: SIGNED_IN },
  { procedure: "orgs.create", input: () => ({ name: "Side org" }), expected: SIGNED_IN },
  { procedure: "orgs.switch", input: (f) => ({ orgId: f.orgId }), expected: READ_A },
  { procedure: "orgs.rename", input: () => ({ name: "Renamed" }), expected: ADMIN_OWN_ORG },
  { procedure: "orgs.members", expected: SIGNED_IN },
  {
    procedure: "orgs.changeRole",
    input: (f) => ({ userId: f.memberUserId, role: "viewer" }),
    expected: ADMIN_WRITES_A,
  },
  { procedure: "orgs.removeMember", input: (f) => ({ userId: f.memberUserId }), expected: ADMIN_WRITES_A },
  { procedure: "orgs.invitations", expected: SIGNED_IN },
  {
    procedure: "orgs.invite",
    input: () => ({ email: `new-${randomBytes(3).toString("hex")}@example.com`, role: "member" }),
    expected: ADMIN_OWN_ORG,
  },
  {
    procedure: "orgs.revokeInvitation",
    input: (f) => ({ invitationId: f.invitationId }),
    expected: ADMIN_WRITES_A,
  },
  // The invitation was sent to someone else: nobody signed in as another address may use it.
  {
    procedure: "orgs.acceptInvitation",
    input: (f) => ({ token: f.invitationToken }),
    expected: row([U, F, F, F, F, F, F]),
  },
  { procedure: "orgs.managementKeys", expected: ADMIN_OWN_ORG },
  {
    procedure: "orgs.createManagementKey",
    input: () => ({ name: "ci", scopes: ["agents:read"] }),
    expected: ADMIN_OWN_ORG,
  },
  { procedure: "orgs.revokeManagementKey", input: (f) => ({ id: f.mgmtKeyId }), expected: ADMIN_WRITES_A },
  {
    procedure: "orgs.revokeManagementKey",
    label: "an agent key's id",
    input: (f) => ({ id: f.agentKeyId }),
    expected: row([U, F, N, N, N, N, N]),
  },
  { procedure: "agents.list", input: () => ({}), expected: SIGNED_IN },
  { procedure: "agents.get", input: (f) => ({ id: f.agentId }), expected: READ_A },
  { procedure: "agents.create", input: () => ({ name: "New" }), expected: MEMBER_OWN_ORG },
  {
    procedure: "agents.update",
    input: (f) => ({ id: f.agentId, patch: { description: "x" } }),
    expected: MEMBER_WRITES_A,
  },
  { procedure: "agents.delete", input: (f) => ({ id: f.agentId }), expected: ADMIN_WRITES_A },
  { procedure: "agents.keys", input: (f) => ({ id: f.agentId }), expected: READ_A },
  {
    procedure: "agents.createKey",
    input: (f) => ({ agentId: f.agentId, name: "extra" }),
    expected: MEMBER_WRITES_A,
  },
  {
    procedure: "agents.revokeKey",
    input: (f) => ({ agentId: f.agentId, keyId: f.agentKeyId }),
    expected: MEMBER_WRITES_A,
  },
  // The hole this table was extended for: a member revoking a management key through the agent page.
  {
    procedure: "agents.revokeKey",
    label: "a management key's id",
    input: (f) => ({ agentId: f.agentId, keyId: f.mgmtKeyId }),
    expected: row([U, F, N, N, N, N, N]),
  },
  { procedure: "echo.logs", input: () => ({}), expected: SIGNED_IN },
  { procedure: "keys.list", expected: SIGNED_IN },
  {
    procedure: "keys.update",
    input: (f) => ({ id: f.agentKeyId, patch: { name: "renamed" } }),
    expected: MEMBER_WRITES_A,
  },
  {
    procedure: "keys.update",
    label: "a management key",
    input: (f) => ({ id: f.mgmtKeyId, patch: { name: "renamed" } }),
    expected: ADMIN_WRITES_A,
  },
  { procedure: "keys.reissueSigningSecret", input: (f) => ({ id: f.agentKeyId }), expected: MEMBER_WRITES_A },
  {
    procedure: "keys.reissueSigningSecret",
    label: "a management key",
    input: (f) => ({ id: f.mgmtKeyId }),
    expected: ADMIN_WRITES_A,
  },
  {
    procedure: "keys.rotate",
    input: (f) => ({ id: f.agentKeyId, grace_seconds: 0 }),
    expected: MEMBER_WRITES_A,
  },
  {
    procedure: "keys.rotate",
    label: "a management key",
    input: (f) => ({ id: f.mgmtKeyId, grace_seconds: 0 }),
    expected: ADMIN_WRITES_A,
  },
  { procedure: "keys.revoke", input: (f) => ({ id: f.agentKeyId }), expected: MEMBER_WRITES_A },
  {
    procedure: "keys.revoke",
    label: "a management key",
    input: (f) => ({ id: f.mgmtKeyId }),
    expected: ADMIN_WRITES_A,
  },
  { procedure: "audit.list", input: () => ({}), expected: ADMIN_OWN_ORG },
  { procedure: "audit.verify", expected: ADMIN_OWN_ORG },
  { procedure: "billing.balance", expected: SIGNED_IN },
  { procedure: "billing.usageByDay", input: () => ({}), expected: SIGNED_IN },
  { procedure: "billing.transactions", input: () => ({}), expected: SIGNED_IN },
  { procedure: "payments.options", expected: SIGNED_IN },
  // Stripe is not configured here: whoever may top up learns that.
  {
    procedure: "payments.topup",
    input: () => ({ credits: 100 }),
    expected: row([
      U,
      F,
      F,
      "SERVICE_UNAVAILABLE",
      "SERVICE_UNAVAILABLE",
      "SERVICE_UNAVAILABLE",
      "SERVICE_UNAVAILABLE",
    ]),
  },
  { procedure: "payments.list", input: () => ({}), expected: ADMIN_OWN_ORG },
  {
    procedure: "payments.receipt",
    input: () => ({ id: "pay_missing" }),
    expected: row([U, F, F, N, N, N, N]),
  },
  { procedure: "payments.anomalies", expected: SIGNED_IN },
  { procedure: "payments.admin.orgs", expected: PLATFORM_ADMIN },
  { procedure: "payments.admin.failedEvents", expected: PLATFORM_ADMIN },
  {
    procedure: "payments.admin.retryEvent",
    input: () => ({ id: "evt_missing" }),
    expected: row([U, F, F, F, F, N, F]),
  },
  {
    procedure: "payments.admin.grantCredits",
    input: (f) => ({
      org_id: f.orgId,
      credits: "1",
      reason: "matrix",
      reference: `matrix-${randomBytes(4).toString("hex")}`,
    }),
    expected: PLATFORM_ADMIN,
  },
  { procedure: "llm.usageByDay", input: () => ({}), expected: SIGNED_IN },
  { procedure: "llm.keyMeters", expected: SIGNED_IN },
  { procedure: "llm.recent", input: () => ({}), expected: SIGNED_IN },
  // The fixture's agent is private: its org reads and rates it (internally), nobody else sees it.
  { procedure: "reputation.score", input: (f) => ({ agent_id: f.agentId }), expected: READ_A },
  { procedure: "reputation.history", input: (f) => ({ agent_id: f.agentId }), expected: READ_A },
  { procedure: "reputation.recentFeedback", input: (f) => ({ agent_id: f.agentId }), expected: READ_A },
  { procedure: "reputation.leaderboard", input: () => ({}), expected: SIGNED_IN },
  {
    procedure: "reputation.feedback",
    input: (f) => ({ agent_id: f.agentId, rating: 4 }),
    expected: MEMBER_WRITES_A,
  },
  { procedure: "panel.seatOptions", input: () => ({}), expected: SIGNED_IN },
  { procedure: "panel.list", input: () => ({}), expected: SIGNED_IN },
  { procedure: "panel.get", input: (f) => ({ id: f.runId }), expected: READ_A },
  { procedure: "panel.cancel", input: (f) => ({ id: f.runId }), expected: MEMBER_WRITES_A },
  // Everyone with the member role starts a run in the org they act in.
  { procedure: "panel.start", input: () => ({ prompt: "Matrix question" }), expected: MEMBER_OWN_ORG },
];

/** A member of org A without a password (no argon2 per fixture): the target of role changes. */
async function plainMember(db: Db, orgId: string): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `target-${randomBytes(4).toString("hex")}@example.com` })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned nothing");
  await addMember(db, orgId, user.id, "member");
  return user.id;
}

async function setUp() {
  const owner = await createUser(t.db);
  const inOrgA = async (role: "viewer" | "member" | "admin") => {
    const user = await createUser(t.db);
    await addMember(t.db, owner.orgId, user.id, role);
    return `${user.cookie}; ${ACTIVE_ORG_COOKIE}=${owner.orgId}`;
  };
  const platformAdmin = await createUser(t.db);
  await setPlatformAdmin({
    ctx: { db: t.db, actor: { type: "cli" } },
    input: { email: platformAdmin.email, value: true },
  });
  const cookies: Record<CallerName, string | null> = {
    signedOut: null,
    viewer: await inOrgA("viewer"),
    member: await inOrgA("member"),
    admin: await inOrgA("admin"),
    owner: `${owner.cookie}; ${ACTIVE_ORG_COOKIE}=${owner.orgId}`,
    platformAdmin: platformAdmin.cookie,
    outsider: (await createUser(t.db)).cookie,
  };
  return { owner, cookies };
}

async function freshFixture(owner: TestUser): Promise<Fixture> {
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const created = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Subject" }) });
  const mgmt = await createKey({ ctx, input: { kind: "management", name: "ops", scopes: ["agents:read"] } });
  const invitation = await inviteMember({
    ctx,
    input: { email: `invitee-${randomBytes(4).toString("hex")}@example.com`, role: "member" },
  });
  return {
    orgId: owner.orgId,
    agentId: created.agent.id,
    agentKeyId: created.api_key.id,
    mgmtKeyId: mgmt.id,
    memberUserId: await plainMember(t.db, owner.orgId),
    invitationId: invitation.id,
    invitationToken: invitation.token,
    runId: await insertEndedRun(t.db, owner.orgId),
  };
}

async function outcomeOf(cookie: string | null, procedure: string, input: unknown): Promise<string> {
  const headers = new Headers(cookie ? { cookie } : {});
  const caller = createCaller(await createTRPCContext({ headers, resHeaders: new Headers() }));
  const call = procedure
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    await call(input);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("tRPC procedure × caller matrix", () => {
  it("covers every procedure of the app router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect([...new Set(CASES.map((c) => c.procedure))].sort()).toEqual(procedures);
  });

  it("answers every caller of every procedure as the role rules say", async () => {
    const { owner, cookies } = await setUp();
    const mismatches: string[] = [];
    for (const testCase of CASES) {
      for (const caller of CALLERS) {
        // A fresh fixture per call: deletes, revokes and role changes must not leak into the next.
        const fixture = await freshFixture(owner);
        const got = await outcomeOf(cookies[caller], testCase.procedure, testCase.input?.(fixture));
        if (got !== testCase.expected[caller]) {
          const name = testCase.label ? `${testCase.procedure} (${testCase.label})` : testCase.procedure;
          mismatches.push(`${name} as ${caller}: ${got} (expected ${testCase.expected[caller]})`);
        }
      }
    }
    await runsSettled();
    expect(mismatches).toEqual([]);
  }, 300_000);
});
