"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { type Column, DataTable, flattenPages } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";
import { dayBounds, outcomeTone } from "./audit-filters";

type AuditEvent = RouterOutputs["audit"]["list"]["data"][number];

export function AuditLog() {
  const trpc = useTRPC();
  const [actorKind, setActorKind] = useState("");
  const [actorText, setActorText] = useState("");
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  // Typing should not fire a query per keystroke.
  const deferredActor = useDeferredValue(actorText.trim());
  const deferredAction = useDeferredValue(action.trim());
  const events = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      {
        actor: deferredActor || actorKind || undefined,
        action: deferredAction || undefined,
        ...dayBounds(from, to),
        limit: 50,
      },
      { getNextPageParam: (page) => page.next_cursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const open = events.data?.pages.flatMap((p) => p.data).find((r) => r.id === openId);
  const columns: Column<AuditEvent>[] = [
    {
      header: "Action",
      cell: (event) => (
        <button
          type="button"
          className="font-mono text-xs underline-offset-4 hover:underline"
          onClick={() => setOpenId(event.id)}
        >
          {event.action}
        </button>
      ),
    },
    { header: "Actor", cellClassName: "max-w-48 truncate font-mono text-xs", cell: (event) => event.actor },
    {
      header: "Outcome",
      cell: (event) => <Badge variant={outcomeTone(event.outcome)}>{event.outcome}</Badge>,
    },
    {
      header: "Target",
      className: "hidden md:table-cell",
      cellClassName: "text-muted-foreground font-mono text-xs",
      cell: (event) => event.targetId ?? "—",
    },
    {
      header: "IP",
      className: "hidden lg:table-cell",
      cellClassName: "text-muted-foreground",
      cell: (event) => event.ip ?? "—",
    },
    {
      header: "When",
      className: "hidden sm:table-cell",
      cellClassName: "text-muted-foreground",
      cell: (event) => event.createdAt.toLocaleString(),
    },
  ];

  return (
    <div className="grid gap-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="grid gap-2">
          <Label htmlFor="audit-actor-kind">Actor type</Label>
          <NativeSelect
            id="audit-actor-kind"
            value={actorKind}
            onChange={(e) => setActorKind(e.target.value)}
          >
            <option value="">Anyone</option>
            <option value="user">Users</option>
            <option value="key">API keys</option>
            <option value="system">System</option>
            <option value="cli">CLI</option>
          </NativeSelect>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-actor">Actor id contains</Label>
          <Input id="audit-actor" value={actorText} onChange={(e) => setActorText(e.target.value)} />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-action">Action starts with</Label>
          <Input
            id="audit-action"
            placeholder="api_key."
            value={action}
            onChange={(e) => setAction(e.target.value)}
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-from">From</Label>
          <Input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="audit-to">To</Label>
          <Input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <Card className="py-2">
        <CardContent className="grid gap-4 px-2">
          <DataTable
            query={flattenPages(events)}
            columns={columns}
            rowKey={(event) => event.id}
            label="audit events"
            empty="No audit events match these filters."
          />
        </CardContent>
      </Card>
      <Dialog open={open !== undefined} onOpenChange={(next) => !next && setOpenId(null)}>
        <DialogContent className="sm:max-w-2xl">
          {open ? (
            <>
              <DialogHeader>
                <DialogTitle className="font-mono">{open.action}</DialogTitle>
                <DialogDescription>
                  Row {open.seq ?? "(before chaining)"} of this organization&apos;s chain ·{" "}
                  {open.createdAt.toLocaleString()}
                </DialogDescription>
              </DialogHeader>
              <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-muted-foreground">Actor</dt>
                <dd className="font-mono break-all">{open.actor}</dd>
                <dt className="text-muted-foreground">Target</dt>
                <dd className="font-mono break-all">
                  {open.targetType ? `${open.targetType} ${open.targetId}` : "—"}
                </dd>
                <dt className="text-muted-foreground">Request</dt>
                <dd className="font-mono break-all">{open.requestId ?? "—"}</dd>
                <dt className="text-muted-foreground">User agent</dt>
                <dd className="break-all">{open.userAgent ?? "—"}</dd>
                <dt className="text-muted-foreground">Hash</dt>
                <dd className="font-mono text-xs break-all">{open.hash ?? "—"}</dd>
                <dt className="text-muted-foreground">Previous</dt>
                <dd className="font-mono text-xs break-all">{open.prevHash ?? "—"}</dd>
              </dl>
              <pre
                aria-label="Event metadata"
                className="bg-muted max-h-64 overflow-auto rounded-md p-3 text-xs"
              >
                {JSON.stringify(open.metadata, null, 2)}
              </pre>
            </>
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
