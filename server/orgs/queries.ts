import { and, eq, gt, isNull } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { now } from "../platform/clock";

/** Invitations of an org that can still be accepted: not used, not revoked, not expired. */
export function pendingInvitationsOf(orgId: string) {
  return and(
    eq(invitations.orgId, orgId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, now()),
  );
}

/** The open (unused, unrevoked) invitation of one email in one org, expired or not. */
export function openInvitationFor(orgId: string, email: string) {
  return and(
    eq(invitations.orgId, orgId),
    eq(invitations.email, email),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
  );
}
