import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit, recordAuditQuietly } from "../audit/service";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { insertOrgWithOwner } from "../orgs/service";
import { nowMs } from "../platform/clock";
import { retryAfterSeconds } from "../platform/ratelimit/types";
import { getRateLimiter } from "../platform/ratelimit-policies";
import { dummyVerify, hashPassword, verifyPassword } from "./password";
import type { SignInInput, SignUpInput } from "./schemas";

export type SignedUpUser = { id: string; email: string; name: string | null; orgId: string };

function personalOrgName(name: string | null | undefined, email: string): string {
  const who = name?.trim() || email.split("@")[0] || "My";
  return `${who}'s workspace`;
}

/** Creates a user with a password and their personal organization, in one transaction. */
export async function signUp({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SignUpInput;
}): Promise<SignedUpUser> {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name || null, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!user) throw new AppError("conflict", "An account with this email already exists; sign in instead");
    const org = await insertOrgWithOwner(tx, {
      name: personalOrgName(user.name, user.email),
      userId: user.id,
      personal: true,
      requestId: ctx.requestId,
    });
    return { ...user, orgId: org.id };
  });
}

/** For users created by OAuth (the Auth.js adapter inserts them): give them a personal org. */
export async function createPersonalOrgFor(
  db: Db,
  user: { id: string; name?: string | null; email: string },
) {
  return db.transaction((tx) =>
    insertOrgWithOwner(tx, { name: personalOrgName(user.name, user.email), userId: user.id, personal: true }),
  );
}

export type AuthenticatedUser = { id: string; email: string; name: string | null };

/**
 * Checks an email and password. Attempts are limited per IP and per email before any work is
 * done; wrong email and wrong password give the same answer.
 */
export async function authenticateWithPassword({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SignInInput;
}): Promise<AuthenticatedUser> {
  const { db } = ctx;
  const clientIp = ctx.ip ?? "unknown";
  const [byIp, byEmail] = await Promise.all([
    getRateLimiter("signInByIp").limit(clientIp),
    getRateLimiter("signInByEmail").limit(input.email),
  ]);
  const blocked = !byIp.success ? byIp : !byEmail.success ? byEmail : null;
  if (blocked) {
    const retryAfter = retryAfterSeconds(blocked, nowMs());
    throw new AppError("rate_limited", `Too many sign-in attempts; try again in ${formatWait(retryAfter)}`, {
      retryAfter,
    });
  }
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, input.email));
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await dummyVerify(input.password);
  if (!user || !ok) {
    // Platform chain: a failed sign-in belongs to no organization (the email may not even exist).
    // The email is kept so an admin can see who is being targeted; the password never is.
    await recordAuditQuietly(db, {
      orgId: null,
      actor: { type: "system" },
      action: "auth.sign_in_failed",
      target: user ? { type: "user", id: user.id } : undefined,
      outcome: "failure",
      metadata: { email: input.email, ip: clientIp, known_user: Boolean(user) },
    });
    throw new AppError("unauthorized", "Incorrect email or password");
  }
  return { id: user.id, email: user.email, name: user.name };
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** Sets or clears the platform-admin flag (CLI only), with an audit row in the same transaction. */
export async function setPlatformAdmin({
  ctx,
  input: { email, value },
}: {
  ctx: ServiceContext;
  input: { email: string; value: boolean };
}): Promise<AuthenticatedUser> {
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ isPlatformAdmin: value })
      .where(eq(users.email, email.trim().toLowerCase()))
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!user) throw new AppError("not_found", `No user with email ${email}`);
    await recordAudit(tx, {
      orgId: null,
      actor: ctx.actor,
      action: value ? "platform_admin.granted" : "platform_admin.revoked",
      target: { type: "user", id: user.id },
      metadata: { email: user.email },
    });
    return user;
  });
}
