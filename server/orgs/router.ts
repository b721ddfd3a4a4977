import { ACTIVE_ORG_COOKIE } from "../auth/cookies";
import { CreateManagementKeyInput, KeyRef } from "../keys/schemas";
import { createKey, listKeys, revokeKey } from "../keys/service";
import { router } from "../trpc/init";
import { orgProcedure, signedInProcedure } from "../trpc/procedures";
import { acceptInvitation, inviteMember, listPendingInvitations, revokeInvitation } from "./invitations";
import { changeRole, listMembers, removeMember } from "./members";
import {
  ChangeRoleInput,
  CreateOrgInput,
  InvitationRef,
  InvitationToken,
  InviteMemberInput,
  MemberRef,
  RenameOrgInput,
  SwitchOrgInput,
} from "./schemas";
import { createOrg, getOrgOverview, listOrgsForUser, memberContext, renameOrg } from "./service";

const YEAR_SECONDS = 365 * 24 * 3600;

export const orgsRouter = router({
  list: signedInProcedure.query(({ ctx }) => listOrgsForUser({ ctx: ctx.service })),
  current: orgProcedure.query(({ ctx }) => getOrgOverview({ ctx: ctx.service })),
  create: signedInProcedure.input(CreateOrgInput).mutation(async ({ ctx, input }) => {
    const org = await createOrg({ ctx: ctx.service, input });
    ctx.setCookie(ACTIVE_ORG_COOKIE, org.id, YEAR_SECONDS);
    return org;
  }),
  switch: signedInProcedure.input(SwitchOrgInput).mutation(async ({ ctx, input }) => {
    const { org } = await memberContext(ctx.service, input.orgId);
    ctx.setCookie(ACTIVE_ORG_COOKIE, org.id, YEAR_SECONDS);
    return org;
  }),
  rename: orgProcedure
    .input(RenameOrgInput)
    .mutation(({ ctx, input }) => renameOrg({ ctx: ctx.service, input })),
  members: orgProcedure.query(({ ctx }) => listMembers({ ctx: ctx.service })),
  changeRole: orgProcedure
    .input(ChangeRoleInput)
    .mutation(({ ctx, input }) => changeRole({ ctx: ctx.service, input })),
  removeMember: orgProcedure
    .input(MemberRef)
    .mutation(({ ctx, input }) => removeMember({ ctx: ctx.service, input })),
  invitations: orgProcedure.query(({ ctx }) => listPendingInvitations({ ctx: ctx.service })),
  invite: orgProcedure
    .input(InviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember({ ctx: ctx.service, input })),
  revokeInvitation: orgProcedure
    .input(InvitationRef)
    .mutation(({ ctx, input }) => revokeInvitation({ ctx: ctx.service, input })),
  managementKeys: orgProcedure.query(({ ctx }) =>
    listKeys({ ctx: ctx.service, input: { kind: "management" } }),
  ),
  createManagementKey: orgProcedure
    .input(CreateManagementKeyInput)
    .mutation(({ ctx, input }) => createKey({ ctx: ctx.service, input: { kind: "management", ...input } })),
  revokeManagementKey: orgProcedure
    .input(KeyRef)
    .mutation(({ ctx, input }) =>
      revokeKey({ ctx: ctx.service, input: { id: input.id, kind: "management" } }),
    ),
  acceptInvitation: signedInProcedure.input(InvitationToken).mutation(async ({ ctx, input }) => {
    const result = await acceptInvitation({ ctx: ctx.service, input });
    ctx.setCookie(ACTIVE_ORG_COOKIE, result.orgId, YEAR_SECONDS);
    return result;
  }),
});
