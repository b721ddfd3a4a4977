"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { QueryState } from "@/components/feedback/query-state";
import { ActionsHead, RowAction } from "@/components/feedback/row-action";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";

export function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const invitations = useQuery(trpc.orgs.invitations.queryOptions());
  const revoke = useMutation(
    trpc.orgs.revokeInvitation.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.orgs.pathKey() }),
    }),
  );
  const canRevoke = current.data?.role === "owner" || current.data?.role === "admin";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Pending invitations</CardTitle>
        <CardDescription>Links that have not been used yet.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <ErrorAlert message={revoke.error?.message} />
        <QueryState
          query={invitations}
          label="invitations"
          empty="No pending invitations."
          skeletonClassName="h-16"
        >
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Expires</TableHead>
                  <ActionsHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((inv) => (
                  <TableRow key={inv.id}>
                    <TableCell>{inv.email}</TableCell>
                    <TableCell>{inv.role}</TableCell>
                    <TableCell>{inv.expiresAt.toLocaleDateString()}</TableCell>
                    <TableCell className="text-right">
                      {canRevoke ? (
                        <RowAction
                          disabled={revoke.isPending}
                          onConfirm={() => revoke.mutate({ invitationId: inv.id })}
                        >
                          Revoke
                        </RowAction>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
      </CardContent>
    </Card>
  );
}
