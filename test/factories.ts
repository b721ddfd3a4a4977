import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { memberships } from "@/db/schema";
import { signUp } from "@/server/auth/service";
import { mintSessionCookie } from "@/server/auth/session";
import type { OrgContext } from "@/server/context";
import { orgContextOf } from "@/server/http/access";
import { verifyApiKey } from "@/server/keys/verify";
import { findOrgRef } from "@/server/orgs/ref-cache";
import { getMembershipOrThrow } from "@/server/orgs/service";

export const TEST_PASSWORD = "correct horse battery staple";

export type TestUser = { id: string; email: string; orgId: string; cookie: string };

/** A user with a personal org, and a session cookie that the app accepts. */
export async function createUser(
  db: Db,
  overrides: { email?: string; name?: string } = {},
): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomBytes(4).toString("hex")}@example.com`;
  const user = await signUp({
    ctx: { db, actor: { type: "system" } },
    input: { email, password: TEST_PASSWORD, name: overrides.name },
  });
  return { id: user.id, email: user.email, orgId: user.orgId, cookie: await mintSessionCookie(user) };
}

export async function addMember(db: Db, orgId: string, userId: string, role: Role): Promise<void> {
  await db.insert(memberships).values({ orgId, userId, role });
}

export async function orgContext(db: Db, user: { id: string }, orgId: string): Promise<OrgContext> {
  const { org, role } = await getMembershipOrThrow(db, user.id, orgId);
  return { db, actor: { type: "user", userId: user.id }, org, role, requestId: "req_test" };
}

/** The context a request with this key secret acts in, built as the REST pipeline builds it. */
export async function keyContext(db: Db, secret: string): Promise<OrgContext> {
  const key = await verifyApiKey(db, secret);
  if (!key) throw new Error("the key does not verify");
  const org = await findOrgRef(db, key.key.orgId);
  if (!org) throw new Error("the key's org is gone");
  const kind = key.key.kind === "management" ? "management" : "agent";
  return orgContextOf({ kind, key, org, signed: false }, db, { requestId: "req_test" });
}

export const ORIGIN = "http://localhost:3000";

/** A same-origin browser request carrying a session cookie. */
export function sessionRequest(
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers({ host: "localhost:3000", origin: ORIGIN, ...init.headers });
  if (init.cookie) headers.set("cookie", init.cookie);
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(`${ORIGIN}${path}`, { method: init.method ?? "GET", headers, body });
}
