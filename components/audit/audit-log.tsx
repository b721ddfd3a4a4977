"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { LoadMore } from "@/components/feedback/load-more";
import { QueryState } from "@/components/feedback/query-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { dayBounds, outcomeTone } from "./audit-filters";

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
  const rows = events.data?.pages.flatMap((p) => p.data);
  const open = rows?.find((r) => r.id === openId);

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
        <CardContent className="px-2">
          <QueryState
            query={{ ...events, data: rows }}
            label="audit events"
            empty="No audit events match these filters."
            skeletonClassName="h-48"
          >
            {(data) => (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Action</TableHead>
                    <TableHead>Actor</TableHead>
                    <TableHead>Outcome</TableHead>
                    <TableHead className="hidden md:table-cell">Target</TableHead>
                    <TableHead className="hidden lg:table-cell">IP</TableHead>
                    <TableHead className="hidden sm:table-cell">When</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.map((event) => (
                    <TableRow key={event.id}>
                      <TableCell>
                        <button
                          type="button"
                          className="font-mono text-xs underline-offset-4 hover:underline"
                          onClick={() => setOpenId(event.id)}
                        >
                          {event.action}
                        </button>
                      </TableCell>
                      <TableCell className="max-w-48 truncate font-mono text-xs">{event.actor}</TableCell>
                      <TableCell>
                        <Badge variant={outcomeTone(event.outcome)}>{event.outcome}</Badge>
                      </TableCell>
                      <TableCell className="text-muted-foreground hidden font-mono text-xs md:table-cell">
                        {event.targetId ?? "—"}
                      </TableCell>
                      <TableCell className="text-muted-foreground hidden lg:table-cell">
                        {event.ip ?? "—"}
                      </TableCell>
                      <TableCell className="text-muted-foreground hidden sm:table-cell">
                        {event.createdAt.toLocaleString()}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </QueryState>
        </CardContent>
      </Card>
      <LoadMore query={events} />
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
