import { z } from "zod";
import { ROLES } from "@/db/schema";
import { ResourceId, ResourceRef, Timestamp } from "../schemas";

export const orgName = z
  .string({ error: "name is required" })
  .trim()
  .min(2, "name must be at least 2 characters")
  .max(80, "name must be at most 80 characters");

export const email = z
  .string({ error: "email is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email("email must be a valid email address").max(254));

export const role = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });

/** An organization named in the path. */
export const OrgRefInput = ResourceRef;

export const CreateOrgInput = z.strictObject({ name: orgName });
export type CreateOrgInput = z.infer<typeof CreateOrgInput>;

export const RenameOrgInput = z.strictObject({ name: orgName });
export type RenameOrgInput = z.infer<typeof RenameOrgInput>;

export const InviteMemberInput = z.strictObject({ email, role: role.default("member") });
export type InviteMemberInput = z.infer<typeof InviteMemberInput>;

export const ChangeRoleInput = z.strictObject({ userId: ResourceId, role });
export type ChangeRoleInput = z.infer<typeof ChangeRoleInput>;

export const MemberRef = z.strictObject({ userId: ResourceId });
export type MemberRef = z.infer<typeof MemberRef>;

export const InvitationRef = z.strictObject({ invitationId: ResourceId });
export type InvitationRef = z.infer<typeof InvitationRef>;

export const InvitationToken = z.strictObject({ token: z.string().min(20).max(200) });
export type InvitationToken = z.infer<typeof InvitationToken>;

export const SwitchOrgInput = z.strictObject({ orgId: ResourceId });

// Responses, as they travel in JSON.

export const OrgView = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  personal: z.boolean(),
});

/** An org in the caller's list, with their role in it. */
export const OrgListItem = OrgView.extend({ role });

export const OrgList = z.object({ data: z.array(OrgListItem) });

export const OrgOverview = OrgListItem.extend({
  memberCount: z.number().int(),
  pendingInvitations: z.number().int(),
  createdAt: Timestamp,
});
