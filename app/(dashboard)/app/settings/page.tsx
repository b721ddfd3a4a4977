import type { Metadata } from "next";
import { InviteMemberForm } from "@/components/orgs/invite-member-form";
import { ManagementKeys } from "@/components/orgs/management-keys";
import { MembersTable } from "@/components/orgs/members-table";
import { OrgNameForm } from "@/components/orgs/org-name-form";
import { PendingInvitations } from "@/components/orgs/pending-invitations";
import { HydrateClient, prefetch, trpc } from "@/server/root/rsc";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await Promise.all([
    prefetch(trpc.orgs.members.queryOptions()),
    prefetch(trpc.orgs.invitations.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="grid gap-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
          <p className="text-muted-foreground text-sm">
            Your organization&apos;s name, members, invitations and management keys.
          </p>
        </div>
        <OrgNameForm />
        <MembersTable />
        <InviteMemberForm />
        <PendingInvitations />
        <ManagementKeys />
      </div>
    </HydrateClient>
  );
}
