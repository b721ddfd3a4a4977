import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { ACTIVE_ORG_COOKIE } from "../auth/cookies";
import { parseCookies, readSessionFromHeaders, type SessionUser } from "../auth/session";
import type { OrgContext, OrgRef } from "../context";
import { AppError } from "../errors";
import { retiringSecretRefused } from "../keys/access";
import { cachedKeyFor, keyActorOf, type VerifiedKey, verifyApiKey } from "../keys/verify";
import { findOrgRef } from "../orgs/ref-cache";
import { resolveActiveOrg } from "../orgs/service";
import { guardKeyCheck } from "./auth-failures";
import { assertBearerAllowed, type SignedRequest, verifySignedRequest } from "./signature";

// Who is calling: a dashboard user (session cookie), an agent key, or a management key. Every
// failure of a presented key is the same 401, so the answer reveals nothing about the key.

export type Principal =
  | { kind: "user"; user: SessionUser; org: OrgRef; role: Role }
  | { kind: "agent"; key: VerifiedKey; org: OrgRef; signed: boolean }
  | { kind: "management"; key: VerifiedKey; org: OrgRef; signed: boolean };

export type KeyPrincipal = Exclude<Principal, { kind: "user" }>;

export type AuthMode = "none" | "session" | "key" | "any";

export function presentedKey(headers: Headers): string | null {
  const header = headers.get("x-brikk-api-key")?.trim();
  if (header) return header;
  const authorization = headers.get("authorization");
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1] ?? null;
}

const INVALID_KEY = () => new AppError("unauthorized", "Invalid API key");

async function orgOf(db: Db, orgId: string): Promise<OrgRef> {
  const org = await findOrgRef(db, orgId);
  if (!org) throw INVALID_KEY();
  return org;
}

async function keyPrincipal(db: Db, verified: VerifiedKey, signed: boolean): Promise<Principal> {
  const org = await orgOf(db, verified.key.orgId);
  return verified.key.kind === "management"
    ? { kind: "management", key: verified, org, signed }
    : { kind: "agent", key: verified, org, signed };
}

/**
 * `signed` is the request's signature headers and raw body when it carries X-Brikk-Signature:
 * a signed request authenticates by its signature alone, never by a bearer key alongside it.
 */
export async function authenticate(
  req: Request,
  db: Db,
  mode: Exclude<AuthMode, "none">,
  signed: SignedRequest | null = null,
): Promise<Principal> {
  // Key checks that may reach the database run under the per-IP failed-authentication limit
  // (auth-failures.ts); a secret this process verified moments ago needs no lookup.
  if (signed && mode !== "session") {
    return keyPrincipal(db, await guardKeyCheck(req, () => verifySignedRequest(req, db, signed)), true);
  }
  const secret = mode === "session" ? null : presentedKey(req.headers);
  if (secret) {
    const verified =
      cachedKeyFor(secret) ??
      (await guardKeyCheck(req, async () => {
        const found = await verifyApiKey(db, secret);
        if (!found) throw INVALID_KEY();
        return found;
      }));
    await assertBearerAllowed(db, verified);
    return keyPrincipal(db, verified, false);
  }
  if (mode !== "key") {
    const user = await readSessionFromHeaders(req.headers);
    if (user) {
      const preferred =
        req.headers.get("x-brikk-org") ??
        parseCookies(req.headers.get("cookie")).get(ACTIVE_ORG_COOKIE) ??
        null;
      const active = await resolveActiveOrg(db, user.userId, preferred);
      if (!active) throw new AppError("not_found", "You are not a member of any organization");
      return { kind: "user", user, org: active.org, role: active.role };
    }
  }
  throw new AppError(
    "unauthorized",
    mode === "session"
      ? "Sign in to use this endpoint"
      : "Send an API key as Authorization: Bearer <key> or X-Brikk-API-Key",
  );
}

/**
 * The service context for a principal. Management keys act with admin rights inside their org
 * (their scopes are checked by the route); agent keys act as members.
 */
export function orgContextFor(
  principal: Principal,
  db: Db,
  requestId: string,
  operationId: string | null = null,
): OrgContext {
  if (principal.kind === "user") {
    return {
      db,
      actor: { type: "user", userId: principal.user.userId },
      org: principal.org,
      role: principal.role,
      requestId,
      operationId,
    };
  }
  return {
    db,
    actor: keyActorOf(principal.key),
    org: principal.org,
    role: principal.kind === "management" ? "admin" : "member",
    requestId,
    operationId,
  };
}

/** Routes that manage the org refuse agent keys and check a management key's scope. */
export function assertManagementAccess(principal: Principal, scope: string): void {
  if (principal.kind === "agent") {
    throw new AppError(
      "forbidden",
      "Agent keys cannot manage the organization; use a management key or the dashboard",
    );
  }
  if (principal.kind === "management" && !principal.key.key.scopes.includes(scope)) {
    throw new AppError("forbidden", `This management key lacks the ${scope} scope`);
  }
  // A management secret replaced by a rotation may still read during its grace period, not write.
  if (principal.kind === "management" && principal.key.viaPreviousSecret && scope.endsWith(":write")) {
    throw retiringSecretRefused();
  }
}

/** The caller as the echo workflow reports it. */
export function describeCaller(principal: Principal) {
  if (principal.kind === "user") {
    return {
      method: "session" as const,
      agent: null,
      keyId: null,
      userId: principal.user.userId,
      signatureVerified: false,
    };
  }
  return {
    method: principal.signed ? ("hmac_signature" as const) : ("api_key" as const),
    agent: principal.key.agent,
    keyId: principal.key.key.id,
    userId: null,
    signatureVerified: principal.signed,
  };
}
