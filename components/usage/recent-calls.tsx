"use client";

import { useQuery } from "@tanstack/react-query";
import { type Column, DataTable } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";

const TONES = { completed: "success", failed: "destructive", cut: "secondary" } as const;

type Call = RouterOutputs["llm"]["recent"][number];

const COLUMNS: Column<Call>[] = [
  {
    header: "Model",
    cellClassName: "font-mono text-xs",
    cell: (c) => (
      <>
        {c.model}
        {c.fallback ? (
          <Badge variant="outline" className="ml-2">
            fallback
          </Badge>
        ) : null}
      </>
    ),
  },
  {
    header: "Status",
    cell: (c) => (
      <Badge variant={TONES[c.status]}>{c.status === "failed" ? `failed ${c.http_status}` : c.status}</Badge>
    ),
  },
  {
    header: "Tokens",
    className: "text-right",
    cellClassName: "tabular-nums",
    cell: (c) => `${c.prompt_tokens} / ${c.completion_tokens}`,
  },
  { header: "Cost", className: "text-right", cellClassName: "tabular-nums", cell: (c) => `$${c.cost_usd}` },
  {
    header: "Latency",
    className: "hidden text-right sm:table-cell",
    cellClassName: "text-muted-foreground tabular-nums",
    cell: (c) => `${c.latency_ms} ms${c.ttft_ms !== null ? ` (first ${c.ttft_ms})` : ""}`,
  },
  {
    header: "When",
    className: "hidden md:table-cell",
    cellClassName: "text-muted-foreground",
    cell: (c) => c.created_at.toLocaleString(),
  },
];

export function RecentCalls() {
  const trpc = useTRPC();
  const calls = useQuery({ ...trpc.llm.recent.queryOptions({ limit: 20 }), refetchInterval: 5_000 });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent LLM calls</CardTitle>
      </CardHeader>
      <CardContent>
        <DataTable
          query={calls}
          columns={COLUMNS}
          rowKey={(c) => c.id}
          label="recent calls"
          empty="No LLM calls yet: try the playground."
          skeletonClassName="h-32"
        />
      </CardContent>
    </Card>
  );
}
