"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type Column, DataTable, flattenPages } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";

type Run = RouterOutputs["panel"]["list"]["data"][number];

export const STATUS_VARIANT = {
  queued: "secondary",
  running: "default",
  completed: "success",
  failed: "destructive",
  cancelled: "outline",
} as const;

const COLUMNS: Column<Run>[] = [
  {
    header: "Prompt",
    cellClassName: "max-w-52 truncate sm:max-w-96",
    cell: (run) => (
      <Link href={`/sandbox/panel?run=${run.id}`} className="underline-offset-4 hover:underline" dir="auto">
        {run.prompt}
      </Link>
    ),
  },
  { header: "Status", cell: (run) => <Badge variant={STATUS_VARIANT[run.status]}>{run.status}</Badge> },
  {
    header: "Credits",
    className: "text-right",
    cellClassName: "tabular-nums",
    cell: (run) => run.totals.credits,
  },
  {
    header: "Started",
    className: "hidden sm:table-cell",
    cellClassName: "text-muted-foreground",
    cell: (run) => run.created_at.toLocaleString(),
  },
];

/** Past runs, newest first; each reopens read-only. Polls while one may still be running. */
export function RunHistory() {
  const trpc = useTRPC();
  const runs = useInfiniteQuery({
    ...trpc.panel.list.infiniteQueryOptions(
      { limit: 10 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined },
    ),
    refetchInterval: 5_000,
  });
  return (
    <DataTable
      label="past panel runs"
      columns={COLUMNS}
      query={flattenPages(runs)}
      rowKey={(run) => run.id}
      empty="No runs yet: start one above."
    />
  );
}
