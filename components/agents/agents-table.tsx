"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Bot, Search } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { CreateAgentDialog } from "./create-agent-dialog";

type StatusFilter = "all" | "active" | "inactive";

export function AgentsTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  // Typing stays responsive; the query follows the deferred value.
  const q = useDeferredValue(search.trim());
  const current = useQuery(trpc.orgs.current.queryOptions());
  const canWrite = current.data ? current.data.role !== "viewer" : false;
  const agents = useInfiniteQuery(
    trpc.agents.list.infiniteQueryOptions(
      { q: q || undefined, status: status === "all" ? undefined : status, limit: 20 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const rows = agents.data?.pages.flatMap((p) => p.data) ?? [];
  const filtering = q !== "" || status !== "all";

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Agents</h1>
          <p className="text-muted-foreground text-sm">Each agent calls the API with its own keys.</p>
        </div>
        <CreateAgentDialog disabled={!canWrite} />
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="grid flex-1 gap-2">
          <Label htmlFor="agent-search">Search</Label>
          <div className="relative">
            <Search className="text-muted-foreground absolute top-2.5 left-2.5 size-4" aria-hidden />
            <Input
              id="agent-search"
              className="pl-8"
              placeholder="Name or description"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="agent-status">Status</Label>
          <NativeSelect
            id="agent-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusFilter)}
          >
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </NativeSelect>
        </div>
      </div>
      <ErrorAlert message={agents.error?.message} />
      {agents.isPending ? (
        <Skeleton className="h-48" aria-label="Loading agents" />
      ) : rows.length === 0 ? (
        <Card>
          <CardContent className="flex flex-col items-center gap-3 py-10 text-center">
            <Bot className="text-muted-foreground size-8" aria-hidden />
            <p className="font-medium">{filtering ? "No agents match these filters" : "No agents yet"}</p>
            <p className="text-muted-foreground max-w-sm text-sm">
              {filtering
                ? "Clear the search or pick another status."
                : "Create an agent to get its API key, then call /api/v1 with it."}
            </p>
          </CardContent>
        </Card>
      ) : (
        <Card className="py-2">
          <CardContent className="px-2">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="hidden sm:table-cell">Tags</TableHead>
                  <TableHead className="hidden md:table-cell">Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((agent) => (
                  <TableRow key={agent.id}>
                    <TableCell>
                      <Link
                        href={`/app/agents/${agent.id}`}
                        className="font-medium underline-offset-4 hover:underline"
                      >
                        {agent.name}
                      </Link>
                      {agent.description ? (
                        <div className="text-muted-foreground max-w-xs truncate text-xs">
                          {agent.description}
                        </div>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={agent.status === "active" ? "success" : "secondary"}>
                        {agent.status}
                      </Badge>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <div className="flex flex-wrap gap-1">
                        {agent.tags.map((tag) => (
                          <Badge key={tag} variant="outline">
                            {tag}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden md:table-cell">
                      {agent.created_at.toLocaleDateString()}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      {agents.hasNextPage ? (
        <Button variant="outline" onClick={() => agents.fetchNextPage()} disabled={agents.isFetchingNextPage}>
          {agents.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
