import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { preferredOrgOf, readSessionFromHeaders, type SessionUser } from "../auth/session";
import type { OrgRef } from "../context";
import { AppError } from "../errors";
import { cachedKeyFor, type VerifiedKey, verifyApiKey } from "../keys/verify";
import { findOrgRef } from "../orgs/ref-cache";
import { sessionOrgContext } from "../orgs/service";
import { guardKeyCheck } from "./auth-failures";
import { assertBearerAllowed, type SignedRequest, verifySignedRequest } from "./signature";

// Who is calling: a dashboard user (session cookie), an agent key, or a management key. Every
// failure of a presented key is the same 401, so the answer reveals nothing about the key.

export type Principal =
  | { kind: "user"; user: SessionUser; org: OrgRef; role: Role }
  | { kind: "agent"; key: VerifiedKey; org: OrgRef; signed: boolean }
  | { kind: "management"; key: VerifiedKey; org: OrgRef; signed: boolean };

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
      const actor = { type: "user" as const, userId: user.userId };
      const { org, role } = await sessionOrgContext({ db, actor }, preferredOrgOf(req.headers));
      return { kind: "user", user, org, role };
    }
  }
  throw new AppError(
    "unauthorized",
    mode === "session"
      ? "Sign in to use this endpoint"
      : "Send an API key as Authorization: Bearer <key> or X-Brikk-API-Key",
  );
}
