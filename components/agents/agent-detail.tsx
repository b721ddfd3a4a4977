"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { AgentKeys } from "./agent-keys";
import { AgentPersona } from "./agent-persona";
import { AgentVisibility } from "./agent-visibility";

export function AgentDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const agent = useQuery(trpc.agents.get.queryOptions({ id }));
  const current = useQuery(trpc.orgs.current.queryOptions());
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [status, setStatus] = useState<"active" | "inactive">("active");
  useEffect(() => {
    if (!agent.data) return;
    setName(agent.data.name);
    setDescription(agent.data.description ?? "");
    setStatus(agent.data.status);
  }, [agent.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
  const update = useMutation(trpc.agents.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.agents.delete.mutationOptions({
      onSuccess: async () => {
        // Only the list: this agent's own queries would refetch while the page is still up, and 404.
        await queryClient.invalidateQueries({ queryKey: trpc.agents.list.pathKey() });
        router.push("/app/agents");
      },
    }),
  );
  const role = current.data?.role ?? "viewer";
  const canWrite = role !== "viewer";
  const canDelete = role === "owner" || role === "admin";

  if (agent.isPending) return <Skeleton className="h-64" aria-label="Loading agent" />;
  if (agent.error) {
    return (
      <div className="grid gap-4">
        <Link href="/app/agents" className="text-muted-foreground flex items-center gap-2 text-sm">
          <ArrowLeft className="size-4" aria-hidden /> Agents
        </Link>
        <ErrorAlert
          message={
            agent.error.data?.code === "NOT_FOUND"
              ? "This agent does not exist or was deleted."
              : agent.error.message
          }
        />
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id, patch: { name, description: description || null, status } });
  };
  return (
    <div className="grid gap-6">
      <Link
        href="/app/agents"
        className="text-muted-foreground flex w-fit items-center gap-2 text-sm hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> Agents
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{agent.data.name}</h1>
        <Badge variant={agent.data.status === "active" ? "success" : "secondary"}>{agent.data.status}</Badge>
        {agent.data.public ? <Badge variant="outline">public</Badge> : null}
        <code className="text-muted-foreground text-xs">{agent.data.id}</code>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
          <CardDescription>
            Inactive agents keep their keys, but the keys stop working until reactivated.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={submit} className="grid gap-4">
            <ErrorAlert message={update.error?.message} />
            <Field
              id="edit-name"
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              disabled={!canWrite}
            />
            <Field
              id="edit-description"
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              disabled={!canWrite}
            />
            <div className="grid gap-2">
              <Label htmlFor="edit-status">Status</Label>
              <NativeSelect
                id="edit-status"
                value={status}
                onChange={(e) => setStatus(e.target.value as typeof status)}
                disabled={!canWrite}
                className="w-fit"
              >
                <option value="active">active</option>
                <option value="inactive">inactive</option>
              </NativeSelect>
            </div>
            <div className="flex items-center gap-3">
              <PendingButton pending={update.isPending} type="submit" disabled={!canWrite || !name.trim()}>
                Save changes
              </PendingButton>
              <p role="status" className="text-success text-sm">
                {update.isSuccess ? "Saved." : ""}
              </p>
            </div>
          </form>
        </CardContent>
      </Card>
      <AgentVisibility id={id} isPublic={agent.data.public} canChange={canDelete} />
      <AgentPersona id={id} persona={agent.data.persona} canWrite={canWrite} />
      <AgentKeys agentId={id} canWrite={canWrite} />
      {canDelete ? (
        <Card className="border-destructive/40">
          <CardHeader>
            <CardTitle>Delete agent</CardTitle>
            <CardDescription>
              It disappears from lists and its keys stop working. Its history stays.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ErrorAlert message={remove.error?.message} />
            <Button
              variant="destructive"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete ${agent.data.name}? Its keys stop working immediately.`))
                  remove.mutate({ id });
              }}
            >
              Delete agent
            </Button>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
