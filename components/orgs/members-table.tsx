"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { QueryState } from "@/components/feedback/query-state";
import { ActionsHead, RowAction } from "@/components/feedback/row-action";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { grantableRoles } from "./role-rules";

export function MembersTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const members = useQuery(trpc.orgs.members.queryOptions());
  const me = useQuery(trpc.me.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orgs.pathKey() });
  const changeRole = useMutation(trpc.orgs.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.orgs.removeMember.mutationOptions({ onSettled: refresh }));
  const myRole = current.data?.role ?? "viewer";
  const error = changeRole.error ?? remove.error;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Members</CardTitle>
        <CardDescription>
          Owners and admins manage members. Viewers can look but not change anything.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <ErrorAlert message={error?.message} />
        <QueryState query={members} label="members" empty="No members.">
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Member</TableHead>
                  <TableHead>Role</TableHead>
                  <ActionsHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((member) => {
                  const options = grantableRoles(myRole, member.role);
                  const isMe = member.userId === me.data?.id;
                  return (
                    <TableRow key={member.userId}>
                      <TableCell>
                        <div className="font-medium">{member.name || member.email}</div>
                        <div className="text-muted-foreground text-xs">
                          {isMe ? `${member.email} (you)` : member.email}
                        </div>
                      </TableCell>
                      <TableCell>
                        <NativeSelect
                          aria-label={`Role of ${member.email}`}
                          value={member.role}
                          disabled={options.length <= 1 || changeRole.isPending}
                          onChange={(e) =>
                            changeRole.mutate({
                              userId: member.userId,
                              role: e.target.value as typeof member.role,
                            })
                          }
                        >
                          {options.map((role) => (
                            <option key={role} value={role}>
                              {role}
                            </option>
                          ))}
                        </NativeSelect>
                      </TableCell>
                      <TableCell className="text-right">
                        {isMe || options.length > 1 ? (
                          <RowAction
                            disabled={remove.isPending}
                            confirm={isMe ? "Leave this organization?" : `Remove ${member.email}?`}
                            onConfirm={() => remove.mutate({ userId: member.userId })}
                          >
                            {isMe ? "Leave" : "Remove"}
                          </RowAction>
                        ) : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </QueryState>
      </CardContent>
    </Card>
  );
}
