import { ROLES, type Role } from "@/db/schema/index";
import { AppError } from "./errors";

// viewer < member < admin < owner
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export { ROLES, type Role };

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export function assertRole(actual: Role, required: Role, action: string): void {
  if (!hasRole(actual, required)) {
    throw new AppError("forbidden", `Only ${required}s and above can ${action}; your role is ${actual}`);
  }
}

/** Who may grant a role: admins manage members and viewers; only owners create admins and owners. */
export function assertCanGrant(actorRole: Role, role: Role): void {
  const needed: Role = role === "owner" || role === "admin" ? "owner" : "admin";
  if (!hasRole(actorRole, needed)) {
    throw new AppError("forbidden", `Only ${needed}s can grant the ${role} role; your role is ${actorRole}`);
  }
}
