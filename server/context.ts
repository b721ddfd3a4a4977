import type { Db, DbOrTx } from "@/db/client";
import type { Role } from "@/db/schema";

// The contract every service function shares: `fn({ ctx, input })`. Services never read the
// org from input; they read it from ctx, which the tRPC/REST adapters built after checking
// membership.

export type Actor =
  | { type: "user"; userId: string }
  | { type: "api_key"; keyId: string }
  | { type: "system" }
  | { type: "cli" };

export type ServiceContext = {
  db: Db | DbOrTx;
  actor: Actor;
  requestId?: string;
};

export type OrgRef = { id: string; name: string; slug: string; personal: boolean };

export type OrgContext = ServiceContext & {
  org: OrgRef;
  role: Role;
};

export type UserContext = ServiceContext & { actor: { type: "user"; userId: string } };

export function actorLabel(actor: Actor): string {
  if (actor.type === "user") return `user:${actor.userId}`;
  if (actor.type === "api_key") return `key:${actor.keyId}`;
  return actor.type;
}
