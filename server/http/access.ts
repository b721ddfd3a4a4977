import type { Db } from "@/db/client";
import type { ManagementScope } from "@/lib/management-scopes";
import type { Actor, OrgContext, ServiceContext } from "../context";
import { AppError } from "../errors";
import { retiringSecretRefused } from "../keys/access";
import { keyActorOf } from "../keys/verify";
import type { Principal } from "./authenticate";

// Who may call a route, declared once in its `endpoint({ access })`: which callers reach the
// handler at all. What a caller may do to a particular resource (a role, a key's kind) is the
// service's to decide, since only the service knows the resource.

export type OrgAccess = {
  /** Dashboard sessions (any member; the service checks the role its action needs). */
  session?: true;
  /** Agent keys. */
  agentKeys?: true;
  /**
   * Management keys: with this scope, or `"any"` when the service decides from the resource.
   * A management secret replaced by a rotation may still use a `:read` scope, never a `:write` one.
   */
  managementKeys?: ManagementScope | "any";
};

/** What the service context knows of the request itself (the REST pipeline fills all of it). */
export type RequestFacts = Pick<
  ServiceContext,
  "requestId" | "operationId" | "arrivedAt" | "signal" | "mark"
>;

/** `public`: no caller (health, the Stripe webhook); `signed-in`: a session, no org context. */
export type Access = "public" | "signed-in" | OrgAccess;

export function authModeOf(access: Access): "none" | "session" | "key" | "any" {
  if (access === "public") return "none";
  if (access === "signed-in") return "session";
  return access.session ? "any" : "key";
}

/** Refuses a caller the route's declaration does not admit, with the reason it gives. */
export function assertAdmitted(principal: Principal, access: OrgAccess): void {
  if (principal.kind === "user") {
    if (!access.session) throw new AppError("unauthorized", "This endpoint needs an API key");
    return;
  }
  if (principal.kind === "agent") {
    if (access.agentKeys) return;
    throw new AppError(
      "forbidden",
      "Agent keys cannot manage the organization; use a management key or the dashboard",
    );
  }
  const scope = access.managementKeys;
  if (!scope) throw new AppError("forbidden", "Management keys cannot call this endpoint; use an agent key");
  if (scope === "any") return;
  if (!principal.key.key.scopes.includes(scope)) {
    throw new AppError("forbidden", `This management key lacks the ${scope} scope`);
  }
  if (principal.key.viaPreviousSecret && scope.endsWith(":write")) throw retiringSecretRefused();
}

/**
 * The service context of an admitted caller: a user with their role in the org they chose, or a
 * key as its actor (a management key acts as an admin limited by its scopes, an agent key as a member).
 */
export function orgContextOf(principal: Principal, db: Db, request: RequestFacts): OrgContext {
  const role =
    principal.kind === "user" ? principal.role : principal.kind === "management" ? "admin" : "member";
  return { db, org: principal.org, actor: principalActor(principal), role, ...request };
}

/** The actor a principal acts as: its user, or its key. */
export function principalActor(principal: Principal): Actor {
  if (principal.kind === "user") return { type: "user", userId: principal.user.userId };
  return keyActorOf(principal.key, principal.signed);
}

/** Any caller of the org: a session, an agent key or a management key (the service decides the rest). */
export const ANY_ORG_CALLER = {
  session: true,
  agentKeys: true,
  managementKeys: "any",
} as const satisfies OrgAccess;

/** Any key of the org, no session: the calls a key makes about itself. */
export const ANY_KEY = { agentKeys: true, managementKeys: "any" } as const satisfies OrgAccess;
