import type { ApiKeyKind } from "@/db/schema";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { assertRole } from "../roles";

// Who may do what to a key, decided in one place from the key's kind and the caller. Every REST
// route and tRPC procedure that touches a key goes through the service, which asks here.
//
//                     read             change (create, update, rotate, revoke, new signing secret)
//   agent key         viewer+          member+
//   management key    admin+           admin+
// A management key acts as an admin limited by its scopes (agents:read to read, keys:write to
// change); an agent key manages nothing but its own secret (self-rotation, current secret only);
// a secret in its grace period after a rotation manages nothing at all.

export type KeyAccess = "read" | "change";

const WHAT: Record<KeyAccess, string> = { read: "see", change: "change" };

export function retiringSecretRefused(): AppError {
  return new AppError(
    "forbidden",
    "This secret is being retired (it was replaced by a rotation): it may still call the API during its grace period, but it cannot manage keys. Use the current secret.",
  );
}

/** `kind: "any"` checks what no key of any kind allows the caller (before a lookup reveals anything). */
export function assertKeyAccess(ctx: OrgContext, kind: ApiKeyKind | "any", access: KeyAccess): void {
  const actor = ctx.actor;
  const noun = kind === "management" ? "management keys" : "API keys";
  if (actor.type === "api_key") {
    if (actor.retiring && access === "change") throw retiringSecretRefused();
    if (actor.kind === "agent") {
      throw new AppError(
        "forbidden",
        "Agent keys cannot manage the organization's keys; use a management key or the dashboard",
      );
    }
    const scope = access === "read" ? "agents:read" : "keys:write";
    if (!actor.scopes.includes(scope)) {
      throw new AppError("forbidden", `This management key lacks the ${scope} scope`);
    }
    return;
  }
  const needed = kind === "management" ? "admin" : access === "read" ? "viewer" : "member";
  assertRole(ctx.role, needed, `${WHAT[access]} ${noun}`);
}

/** Self-service on the calling key (rotation): any key, with its current secret only. */
export function assertOwnKey(ctx: OrgContext): string {
  const actor = ctx.actor;
  if (actor.type !== "api_key") {
    throw new AppError("unauthorized", "Only an API key can rotate itself; send it as a Bearer token");
  }
  if (actor.retiring) throw retiringSecretRefused();
  return actor.keyId;
}
