"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { useTRPC } from "@/lib/trpc/client";

/** The agent's public switch: only admins and owners may turn it (the service decides; this mirrors it). */
export function AgentVisibility({
  id,
  isPublic,
  canChange,
}: {
  id: string;
  isPublic: boolean;
  canChange: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.agents.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() }),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Visibility</CardTitle>
        <CardDescription>
          A public agent can be read and rated by every organization and appears on the reputation
          leaderboard. Ratings from your own organization never move its public score.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <ErrorAlert message={update.error?.message} />
        <div className="flex items-center gap-3">
          <Switch
            id="agent-public"
            checked={isPublic}
            disabled={!canChange || update.isPending}
            onCheckedChange={(checked) => update.mutate({ id, patch: { public: checked } })}
          />
          <Label htmlFor="agent-public">{isPublic ? "Public" : "Private"}</Label>
        </div>
        {canChange ? null : (
          <p className="text-muted-foreground text-sm">Only admins and owners can change this.</p>
        )}
      </CardContent>
    </Card>
  );
}
