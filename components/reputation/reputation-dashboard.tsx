"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/client";
import { FeedbackFeed } from "./feedback-feed";
import { FeedbackForm } from "./feedback-form";
import { Leaderboard } from "./leaderboard";
import { ScoreSummary } from "./score-summary";
import { TrendChart } from "./trend-chart";

/** Scores move with every rating: the page polls while it is open. */
export const REPUTATION_POLL_MS = 10_000;

export function AgentReputation({ agentId, canRate }: { agentId: string; canRate: boolean }) {
  const trpc = useTRPC();
  const poll = { refetchInterval: REPUTATION_POLL_MS };
  const score = useQuery({ ...trpc.reputation.score.queryOptions({ agent_id: agentId }), ...poll });
  const history = useQuery({ ...trpc.reputation.history.queryOptions({ agent_id: agentId }), ...poll });
  const feed = useQuery({
    ...trpc.reputation.recentFeedback.queryOptions({ agent_id: agentId, limit: 20 }),
    ...poll,
  });
  if (score.isPending) return <Skeleton className="h-64" aria-label="Loading reputation" />;
  if (score.error) return <ErrorAlert message={score.error.message} />;
  // Only the agent's own organization is shown its internal side.
  const own = score.data.internal !== null;
  const overall = history.data?.data.find((series) => series.dimension === "overall")?.points ?? [];
  return (
    <div className="grid gap-6">
      <ScoreSummary score={score.data} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Trend</CardTitle>
            <CardDescription>Overall score per day (UTC), last 30 days, today live</CardDescription>
          </CardHeader>
          <CardContent>
            {history.isPending ? <Skeleton className="h-56" aria-label="Loading history" /> : null}
            <ErrorAlert message={history.error?.message} />
            {history.data && overall.length === 0 ? (
              <p className="text-muted-foreground text-sm">
                No history yet: it starts with the first external rating.
              </p>
            ) : null}
            {overall.length > 0 ? <TrendChart points={overall} /> : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{own ? "Internal feedback" : "Rate this agent"}</CardTitle>
          </CardHeader>
          <CardContent>
            {canRate ? (
              <FeedbackForm agentId={agentId} internal={own} />
            ) : (
              <p className="text-muted-foreground text-sm">
                Viewers read reputation; members and above give feedback.
              </p>
            )}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Recent feedback</CardTitle>
          <CardDescription>Each with its weight and how it moved the overall score</CardDescription>
        </CardHeader>
        <CardContent>
          {feed.isPending ? <Skeleton className="h-24" aria-label="Loading feedback" /> : null}
          <ErrorAlert message={feed.error?.message} />
          {feed.data ? <FeedbackFeed events={feed.data.data} /> : null}
        </CardContent>
      </Card>
    </div>
  );
}

export function ReputationDashboard() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: 100 }));
  const chosen = params.get("agent") ?? agents.data?.data[0]?.id ?? null;
  const tab = params.get("tab") === "leaderboard" ? "leaderboard" : "agent";
  const go = (next: { agent?: string; tab?: string }) => {
    const query = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) query.set(key, value);
    router.replace(`${pathname}?${query.toString()}`, { scroll: false });
  };
  const ownIds = new Set(agents.data?.data.map((a) => a.id));
  const canRate = current.data ? current.data.role !== "viewer" : false;
  return (
    <Tabs value={tab} onValueChange={(value) => go({ tab: value })}>
      <TabsList>
        <TabsTrigger value="agent">Agent</TabsTrigger>
        <TabsTrigger value="leaderboard">Leaderboard</TabsTrigger>
      </TabsList>
      <TabsContent value="agent" className="grid gap-6">
        <div className="grid w-full max-w-sm gap-2">
          <Label htmlFor="reputation-agent">Agent</Label>
          {agents.isPending ? <Skeleton className="h-9" aria-label="Loading agents" /> : null}
          {agents.data ? (
            <NativeSelect
              id="reputation-agent"
              value={chosen ?? ""}
              onChange={(e) => go({ agent: e.target.value })}
            >
              {chosen && !ownIds.has(chosen) ? (
                <option value={chosen}>Another organization's agent</option>
              ) : null}
              {agents.data.data.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                  {agent.public ? " (public)" : ""}
                </option>
              ))}
            </NativeSelect>
          ) : null}
        </div>
        <ErrorAlert message={agents.error?.message} />
        {agents.data && !chosen ? (
          <p className="text-muted-foreground text-sm">
            No agents yet. Create one, or pick a public agent from the leaderboard.
          </p>
        ) : null}
        {chosen ? <AgentReputation agentId={chosen} canRate={canRate} /> : null}
      </TabsContent>
      <TabsContent value="leaderboard">
        <Leaderboard onView={(agentId) => go({ agent: agentId, tab: "agent" })} />
      </TabsContent>
    </Tabs>
  );
}
