"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type Column, DataTable, flattenPages } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";

type Endpoint = "echo" | "coordination_echo";
type Log = RouterOutputs["echo"]["logs"]["data"][number];

export function LogsTable() {
  const trpc = useTRPC();
  const [agentId, setAgentId] = useState("");
  const [endpoint, setEndpoint] = useState<Endpoint | "">("");
  const [openId, setOpenId] = useState<string | null>(null);
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: 100 }));
  const logs = useInfiniteQuery(
    trpc.echo.logs.infiniteQueryOptions(
      { agent_id: agentId || undefined, endpoint: endpoint || undefined, limit: 25 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const agentName = (id: string | null) =>
    id ? (agents.data?.data.find((a) => a.id === id)?.name ?? id) : "you (dashboard)";
  const open = logs.data?.pages.flatMap((p) => p.data).find((r) => r.id === openId);
  const columns: Column<Log>[] = [
    {
      header: "Message",
      cellClassName: "max-w-56",
      cell: (log) => (
        <button
          type="button"
          className="max-w-full truncate text-left underline-offset-4 hover:underline"
          onClick={() => setOpenId(log.id)}
        >
          {String(log.request.message ?? "")}
        </button>
      ),
    },
    { header: "From", cell: (log) => agentName(log.agent_id) },
    {
      header: "Endpoint",
      className: "hidden sm:table-cell",
      cell: (log) => <Badge variant="outline">{log.endpoint}</Badge>,
    },
    {
      header: "Size",
      className: "hidden md:table-cell",
      cellClassName: "text-muted-foreground",
      cell: (log) => `${log.request_bytes + log.response_bytes} B`,
    },
    {
      header: "When",
      className: "hidden md:table-cell",
      cellClassName: "text-muted-foreground",
      cell: (log) => log.created_at.toLocaleString(),
    },
  ];

  return (
    <div className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row">
        <div className="grid gap-2">
          <Label htmlFor="logs-agent">Agent</Label>
          <NativeSelect id="logs-agent" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">All agents</option>
            {agents.data?.data.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="logs-endpoint">Endpoint</Label>
          <NativeSelect
            id="logs-endpoint"
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value as Endpoint | "")}
          >
            <option value="">All</option>
            <option value="coordination_echo">coordination/echo</option>
            <option value="echo">echo</option>
          </NativeSelect>
        </div>
      </div>
      <Card className="py-2">
        <CardContent className="grid gap-4 px-2">
          <DataTable
            query={flattenPages(logs)}
            columns={columns}
            rowKey={(log) => log.id}
            label="logs"
            empty="No messages yet. Send one from the Echo page or with an agent's key."
          />
        </CardContent>
      </Card>
      <Dialog open={open !== undefined} onOpenChange={(next) => !next && setOpenId(null)}>
        <DialogContent className="sm:max-w-2xl">
          {open ? (
            <>
              <DialogHeader>
                <DialogTitle>Message {open.id}</DialogTitle>
                <DialogDescription>
                  {open.endpoint} · HTTP {open.status} · {open.latency_ms} ms · request {open.request_id}
                </DialogDescription>
              </DialogHeader>
              <div className="grid gap-3 md:grid-cols-2">
                {(["request", "response"] as const).map((part) => (
                  <div key={part} className="grid gap-1">
                    <p className="text-sm font-medium">
                      {part} ({part === "request" ? open.request_bytes : open.response_bytes} bytes)
                    </p>
                    <pre className="bg-muted/40 max-h-80 overflow-auto rounded-md p-3 text-xs">
                      {JSON.stringify(open[part], null, 2)}
                    </pre>
                  </div>
                ))}
              </div>
            </>
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
