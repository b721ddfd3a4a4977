"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { QueryState } from "@/components/feedback/query-state";
import { ActionsHead, RowAction } from "@/components/feedback/row-action";
import { KeyNameCell, RevokeKeyAction } from "@/components/keys/key-row-parts";
import { capsLabel, SpendCapsDialog } from "@/components/keys/spend-caps-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { keyState } from "./key-status";
import { SecretReveal } from "./secret-reveal";

export function AgentKeys({ agentId, canWrite }: { agentId: string; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const keys = useQuery(trpc.agents.keys.queryOptions({ id: agentId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.agents.keys.queryKey({ id: agentId }) });
  const create = useMutation(trpc.agents.createKey.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.agents.revokeKey.mutationOptions({ onSettled: refresh }));
  const update = useMutation(trpc.keys.update.mutationOptions({ onSettled: refresh }));
  const reissue = useMutation(trpc.keys.reissueSigningSecret.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ agentId, name });
    setName("");
  };
  const now = Date.now();
  return (
    <Card>
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <CardDescription>
          Keys expire after a year by default; rotate them from the agent with POST /api/v1/keys/rotate. A key
          that requires signing only accepts HMAC-signed requests.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {create.data ? (
          <>
            <SecretReveal secret={create.data.secret} />
            <SecretReveal secret={create.data.signing_secret} label="signing secret" />
          </>
        ) : null}
        {reissue.data ? <SecretReveal secret={reissue.data.signing_secret} label="signing secret" /> : null}
        <ErrorAlert
          message={
            create.error?.message ?? revoke.error?.message ?? update.error?.message ?? reissue.error?.message
          }
        />
        <QueryState query={keys} label="keys" empty="No keys yet.">
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Key</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead className="hidden lg:table-cell">Signing</TableHead>
                  <TableHead className="hidden xl:table-cell">Daily caps (soft / hard)</TableHead>
                  <TableHead className="hidden sm:table-cell">Expires</TableHead>
                  <TableHead className="hidden md:table-cell">Last used</TableHead>
                  <ActionsHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((key) => {
                  const state = keyState(key, now);
                  return (
                    <TableRow key={key.id}>
                      <KeyNameCell name={key.name} detail={`${key.prefix}…`} />
                      <TableCell>
                        <Badge variant={state.tone}>{state.label}</Badge>
                      </TableCell>
                      <TableCell className="hidden lg:table-cell">
                        <Badge variant="outline">{key.require_signature ? "required" : "optional"}</Badge>
                      </TableCell>
                      <TableCell className="hidden xl:table-cell text-xs">{capsLabel(key)}</TableCell>
                      <TableCell className="hidden sm:table-cell">
                        {key.expires_at?.toLocaleDateString() ?? "never"}
                      </TableCell>
                      <TableCell className="text-muted-foreground hidden md:table-cell">
                        {key.last_used_at?.toLocaleString() ?? "never"}
                      </TableCell>
                      <TableCell className="text-right">
                        {canWrite && !key.revoked_at ? (
                          <div className="flex flex-wrap justify-end gap-1">
                            <Button
                              variant="ghost"
                              size="sm"
                              disabled={update.isPending}
                              onClick={() =>
                                update.mutate({
                                  id: key.id,
                                  patch: { require_signature: !key.require_signature },
                                })
                              }
                            >
                              {key.require_signature ? "Allow bearer" : "Require signing"}
                            </Button>
                            <SpendCapsDialog apiKey={key} onSaved={refresh} />
                            <RowAction
                              disabled={reissue.isPending}
                              confirm={`Issue a new signing secret for ${key.name}? The current one stops verifying at once.`}
                              onConfirm={() => reissue.mutate({ id: key.id })}
                            >
                              New signing secret
                            </RowAction>
                            <RevokeKeyAction
                              keyName={key.name}
                              prefix={key.prefix}
                              pending={revoke.isPending}
                              onRevoke={() => revoke.mutate({ agentId, keyId: key.id })}
                            />
                          </div>
                        ) : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </QueryState>
        {canWrite ? (
          <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <div className="flex-1">
              <Field
                id="key-name"
                label="New key name"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </div>
            <PendingButton pending={create.isPending} type="submit" disabled={!name.trim()}>
              Create key
            </PendingButton>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}
