"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type Column, DataTable, flattenPages } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";
import { DIMENSION_LABELS, type DimensionName, intervalLabel } from "./reputation-figures";
import { Stars } from "./stars";

type Row = RouterOutputs["reputation"]["leaderboard"]["data"][number];

function columns(onView: (agentId: string) => void): Column<Row>[] {
  return [
    { header: "#", cellClassName: "tabular-nums", cell: (row) => row.rank },
    {
      header: "Agent",
      cell: (row) => (
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{row.agent.name}</span>
          {row.provisional ? <Badge variant="secondary">provisional</Badge> : null}
        </span>
      ),
    },
    { header: "Organization", className: "hidden md:table-cell", cell: (row) => row.org_name },
    {
      header: "Score",
      cell: (row) => (
        <span className="flex items-center gap-2">
          <Stars value={row.stars} /> <span className="tabular-nums">{row.stars.toFixed(1)}</span>
        </span>
      ),
    },
    {
      header: "90% interval",
      className: "hidden sm:table-cell",
      cellClassName: "tabular-nums text-muted-foreground",
      cell: (row) => intervalLabel(row),
    },
    {
      header: "Evidence",
      className: "hidden sm:table-cell text-right",
      cellClassName: "tabular-nums",
      cell: (row) => row.evidence.toFixed(1),
    },
    {
      header: "",
      cell: (row) => (
        <Button
          size="sm"
          variant="outline"
          onClick={() => onView(row.agent.id)}
          aria-label={`View ${row.agent.name}`}
        >
          View
        </Button>
      ),
    },
  ];
}

/** Public agents ranked by the lower end of their interval, refreshing by itself. */
export function Leaderboard({ onView }: { onView: (agentId: string) => void }) {
  const trpc = useTRPC();
  const [dimension, setDimension] = useState<DimensionName>("overall");
  const board = useInfiniteQuery({
    ...trpc.reputation.leaderboard.infiniteQueryOptions(
      { dimension, limit: 20 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined },
    ),
    refetchInterval: 15_000,
  });
  return (
    <div className="grid gap-4">
      <div className="grid w-fit gap-2">
        <Label htmlFor="leaderboard-dimension">Rank by</Label>
        <NativeSelect
          id="leaderboard-dimension"
          value={dimension}
          onChange={(e) => setDimension(e.target.value as DimensionName)}
        >
          {(Object.keys(DIMENSION_LABELS) as DimensionName[]).map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABELS[d]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <DataTable
        query={flattenPages(board)}
        columns={columns(onView)}
        rowKey={(row) => row.agent.id}
        label="leaderboard"
        empty="No public agents yet. Make one of yours public on its page."
      />
    </div>
  );
}
