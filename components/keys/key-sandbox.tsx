"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { keyState } from "@/components/agents/key-status";
import { SecretReveal } from "@/components/agents/secret-reveal";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { QueryState } from "@/components/feedback/query-state";
import { ActionsHead, RowAction } from "@/components/feedback/row-action";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { formatCountdown, useNow } from "./countdown";
import { KeyNameCell, RevokeKeyAction } from "./key-row-parts";
import { capsLabel, SpendCapsDialog } from "./spend-caps-dialog";

const GRACE_CHOICES = [
  { seconds: 0, label: "none (old secret stops now)" },
  { seconds: 60, label: "1 minute" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours (default)" },
];

/** The key playground: create, rotate (with the old secret's countdown), revoke, and try keys. */
export function KeySandbox() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: 100 }));
  const keys = useQuery(trpc.keys.list.queryOptions());
  const current = useQuery(trpc.orgs.current.queryOptions());
  const canWrite = current.data !== undefined && current.data.role !== "viewer";
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() });
  const create = useMutation(trpc.agents.createKey.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.keys.rotate.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(trpc.keys.revoke.mutationOptions({ onSettled: refresh }));
  const [agentId, setAgentId] = useState("");
  const [name, setName] = useState("");
  const [grace, setGrace] = useState(86_400);
  const chosenAgent = agentId || agents.data?.data[0]?.id || "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    rotate.reset();
    create.mutate({ agentId: chosenAgent, name });
    setName("");
  };

  return (
    <div className="grid gap-6">
      {canWrite ? (
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
            <CardDescription>Keys belong to an agent and act as it.</CardDescription>
          </CardHeader>
          <CardContent>
            {agents.data && agents.data.data.length === 0 ? (
              <p className="text-muted-foreground text-sm">Create an agent first (Agents page).</p>
            ) : (
              <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
                <div className="grid gap-2">
                  <Label htmlFor="sandbox-agent">Agent</Label>
                  <NativeSelect
                    id="sandbox-agent"
                    value={chosenAgent}
                    onChange={(e) => setAgentId(e.target.value)}
                  >
                    {agents.data?.data.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                  </NativeSelect>
                </div>
                <div className="flex-1">
                  <Field
                    id="sandbox-key-name"
                    label="Key name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                  />
                </div>
                <PendingButton
                  pending={create.isPending}
                  type="submit"
                  disabled={!name.trim() || !chosenAgent}
                >
                  Create key
                </PendingButton>
              </form>
            )}
          </CardContent>
        </Card>
      ) : null}

      {create.data ? (
        <div className="grid gap-3">
          <SecretReveal secret={create.data.secret} />
          <SecretReveal secret={create.data.signing_secret} label="signing secret" />
        </div>
      ) : null}
      {rotate.data ? <SecretReveal secret={rotate.data.new_key} label="rotated API key" /> : null}
      <ErrorAlert message={create.error?.message ?? rotate.error?.message ?? revoke.error?.message} />

      <Card>
        <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="grid gap-1.5">
            <CardTitle>Your organization&apos;s keys</CardTitle>
            <CardDescription>
              Rotation keeps the key id; the old secret works until its grace period ends.
            </CardDescription>
          </div>
          {canWrite ? (
            <div className="grid gap-2">
              <Label htmlFor="sandbox-grace">Grace period on rotate</Label>
              <NativeSelect
                id="sandbox-grace"
                value={grace}
                onChange={(e) => setGrace(Number(e.target.value))}
              >
                {GRACE_CHOICES.map((choice) => (
                  <option key={choice.seconds} value={choice.seconds}>
                    {choice.label}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
        </CardHeader>
        <CardContent>
          <QueryState query={keys} label="keys" empty="No keys yet: create an agent or a key above.">
            {(data) => (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Key</TableHead>
                    <TableHead className="hidden sm:table-cell">Agent</TableHead>
                    <TableHead>State</TableHead>
                    <TableHead className="hidden md:table-cell">Old secret</TableHead>
                    <TableHead className="hidden lg:table-cell">Daily caps (soft / hard)</TableHead>
                    <ActionsHead />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.map((key) => {
                    const state = keyState(key, now);
                    const graceLeft = key.previous_expires_at
                      ? formatCountdown(key.previous_expires_at.getTime(), now)
                      : null;
                    return (
                      <TableRow key={key.id}>
                        <KeyNameCell name={key.name} detail={`${key.id} · ${key.prefix}…`} />
                        <TableCell className="hidden sm:table-cell">{key.agent_name}</TableCell>
                        <TableCell>
                          <Badge variant={state.tone}>{state.label}</Badge>
                        </TableCell>
                        <TableCell className="hidden md:table-cell">
                          {graceLeft ? (
                            <span aria-label={`Old secret ${key.previous_prefix} works for ${graceLeft}`}>
                              <code className="text-xs">{key.previous_prefix}…</code>{" "}
                              <span className="font-mono tabular-nums">{graceLeft}</span>
                            </span>
                          ) : (
                            <span className="text-muted-foreground">—</span>
                          )}
                        </TableCell>
                        <TableCell className="hidden lg:table-cell text-xs">{capsLabel(key)}</TableCell>
                        <TableCell className="text-right">
                          {canWrite && !key.revoked_at ? (
                            <div className="flex flex-wrap justify-end gap-1">
                              <SpendCapsDialog apiKey={key} onSaved={refresh} />
                              <RowAction
                                disabled={rotate.isPending}
                                confirm={`Rotate ${key.name}? The old secret keeps working for ${
                                  GRACE_CHOICES.find((c) => c.seconds === grace)?.label ?? `${grace} s`
                                }.`}
                                onConfirm={() => {
                                  create.reset();
                                  rotate.mutate({ id: key.id, grace_seconds: grace });
                                }}
                              >
                                Rotate
                              </RowAction>
                              <RevokeKeyAction
                                keyName={key.name}
                                prefix={key.prefix}
                                pending={revoke.isPending}
                                onRevoke={() => revoke.mutate({ id: key.id })}
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
        </CardContent>
      </Card>
    </div>
  );
}
