"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { SecretReveal } from "@/components/agents/secret-reveal";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { QueryState } from "@/components/feedback/query-state";
import { ActionsHead, RowAction } from "@/components/feedback/row-action";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { MANAGEMENT_SCOPES, type ManagementScope } from "@/lib/management-scopes";
import { useTRPC } from "@/lib/trpc/client";

const SCOPES = MANAGEMENT_SCOPES;
type Scope = ManagementScope;

/** Owners and admins mint keys for CI and scripts; shown only to them. */
export function ManagementKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const isAdmin = current.data?.role === "owner" || current.data?.role === "admin";
  const keys = useQuery({ ...trpc.orgs.managementKeys.queryOptions(), enabled: isAdmin });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orgs.managementKeys.queryKey() });
  const create = useMutation(trpc.orgs.createManagementKey.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.orgs.revokeManagementKey.mutationOptions({ onSettled: refresh }));
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["agents:read"]);
  if (!isAdmin) return null;

  const toggle = (scope: Scope) =>
    setScopes((list) => (list.includes(scope) ? list.filter((s) => s !== scope) : [...list, scope]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, scopes });
    setName("");
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Management keys</CardTitle>
        <CardDescription>
          Keys (brk_mgmt_…) that let CI and scripts manage this organization&apos;s agents through /api/v1.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {create.data ? <SecretReveal secret={create.data.secret} label="management key" /> : null}
        <ErrorAlert message={create.error?.message ?? revoke.error?.message} />
        <QueryState query={keys} label="management keys" empty="No management keys yet.">
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Key</TableHead>
                  <TableHead>Scopes</TableHead>
                  <ActionsHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((key) => (
                  <TableRow key={key.id}>
                    <TableCell>
                      <div className="font-medium">{key.name}</div>
                      <code className="text-muted-foreground text-xs">{key.prefix}…</code>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {key.revoked_at ? <Badge variant="secondary">revoked</Badge> : null}
                        {key.scopes.map((scope) => (
                          <Badge key={scope} variant="outline">
                            {scope}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell className="text-right">
                      {key.revoked_at ? null : (
                        <RowAction
                          disabled={revoke.isPending}
                          confirm={`Revoke ${key.name}? Programs using it will get 401.`}
                          onConfirm={() => revoke.mutate({ id: key.id })}
                        >
                          Revoke
                        </RowAction>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
        <form onSubmit={submit} className="grid gap-3">
          <Field id="mgmt-name" label="Key name" value={name} onChange={(e) => setName(e.target.value)} />
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-2 text-sm font-medium">Scopes</legend>
            {SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />
                {scope}
              </label>
            ))}
          </fieldset>
          <PendingButton
            pending={create.isPending}
            type="submit"
            disabled={!name.trim() || scopes.length === 0}
            className="w-fit"
          >
            Create management key
          </PendingButton>
        </form>
      </CardContent>
    </Card>
  );
}
