"use client";

import { useQuery } from "@tanstack/react-query";
import { QueryState } from "@/components/feedback/query-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";

const TONES = { completed: "success", failed: "destructive", cut: "secondary" } as const;

export function RecentCalls() {
  const trpc = useTRPC();
  const calls = useQuery({ ...trpc.llm.recent.queryOptions({ limit: 20 }), refetchInterval: 5_000 });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent LLM calls</CardTitle>
      </CardHeader>
      <CardContent>
        <QueryState
          query={calls}
          label="recent calls"
          empty="No LLM calls yet: try the playground."
          skeletonClassName="h-32"
        >
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Model</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Tokens</TableHead>
                  <TableHead className="text-right">Cost</TableHead>
                  <TableHead className="hidden text-right sm:table-cell">Latency</TableHead>
                  <TableHead className="hidden md:table-cell">When</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell className="font-mono text-xs">
                      {c.model}
                      {c.fallback ? (
                        <Badge variant="outline" className="ml-2">
                          fallback
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={TONES[c.status]}>
                        {c.status === "failed" ? `failed ${c.http_status}` : c.status}
                      </Badge>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {c.prompt_tokens} / {c.completion_tokens}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">${c.cost_usd}</TableCell>
                    <TableCell className="text-muted-foreground hidden text-right tabular-nums sm:table-cell">
                      {c.latency_ms} ms{c.ttft_ms !== null ? ` (first ${c.ttft_ms})` : ""}
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden md:table-cell">
                      {c.created_at.toLocaleString()}
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
