import type { Role } from "@/db/schema";

const ORDER: Role[] = ["viewer", "member", "admin", "owner"];

/**
 * The roles the acting user could set on a member, mirroring the server's rule (admins manage
 * members and viewers; owners manage everyone). Always includes the member's current role so the
 * select shows it; a single option means "read-only".
 */
export function grantableRoles(actor: Role, current: Role): Role[] {
  if (actor === "owner") return ORDER;
  if (actor === "admin" && (current === "member" || current === "viewer")) return ["viewer", "member"];
  return [current];
}
