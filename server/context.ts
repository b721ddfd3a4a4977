import type { Db, DbOrTx } from "@/db/client";
import type { ApiKeyKind, Role } from "@/db/schema";

// The contract every service function shares: `fn({ ctx, input })`. Services never read the
// org from input; they read it from ctx, which the tRPC/REST adapters built after checking
// membership.

/**
 * A key acting for its org. `retiring`: the request used the secret a rotation replaced (inside
 * its grace period); such a secret may still call, never manage keys or write with a management key.
 */
export type KeyActor = {
  type: "api_key";
  keyId: string;
  kind: ApiKeyKind;
  scopes: readonly string[];
  retiring: boolean;
  /** The agent an agent key belongs to; null for a management key. */
  agent: { id: string; name: string } | null;
  /** The key's daily LLM spend caps in micro-USD: its own, or the environment's defaults. */
  caps: { softMicroUsd: bigint; hardMicroUsd: bigint };
  /** The request was signed with the key's signing secret (HMAC) rather than sent as a bearer. */
  signed: boolean;
};

export type UserActor = { type: "user"; userId: string };

export type Actor = UserActor | KeyActor | { type: "system" } | { type: "cli" };

export type ServiceContext = {
  db: Db | DbOrTx;
  actor: Actor;
  requestId?: string;
  /**
   * Names the operation across retries when the request carries an Idempotency-Key (the pipeline
   * claimed it): an effect that must happen once whatever crashes derives its id from this, so a
   * re-run after a crash finds it done.
   */
  operationId?: string | null;
  /** The client's address, where the adapter knows it (sign-in limits and audit rows). */
  ip?: string;
  /** performance.now() when the request arrived (before auth and limits), for latencies. */
  arrivedAt?: number;
  /** Aborts when the client goes away (ends an upstream call it no longer waits for). */
  signal?: AbortSignal;
  /** Closes a stage of the request's Server-Timing header (what ran since the last mark). */
  mark?: (stage: string) => void;
};

export type OrgRef = { id: string; name: string; slug: string; personal: boolean };

export type OrgContext = ServiceContext & {
  org: OrgRef;
  role: Role;
};

export type UserContext = ServiceContext & { actor: UserActor };

export function actorLabel(actor: Actor): string {
  if (actor.type === "user") return `user:${actor.userId}`;
  if (actor.type === "api_key") return `key:${actor.keyId}`;
  return actor.type;
}
