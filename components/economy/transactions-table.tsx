"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { ArrowDownLeft, ArrowUpRight } from "lucide-react";
import { useDeferredValue, useState } from "react";
import { LoadMore } from "@/components/feedback/load-more";
import { QueryState } from "@/components/feedback/query-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TRANSFER_KINDS, type TransferKind } from "@/db/schema/ledger-kinds";
import { useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { formatCredits } from "./economy-figures";

export function TransactionsTable() {
  const trpc = useTRPC();
  const [kind, setKind] = useState<TransferKind | "">("");
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const transactions = useInfiniteQuery({
    ...trpc.billing.transactions.infiniteQueryOptions(
      { kind: kind || undefined, q: q || undefined, limit: 25 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined, placeholderData: keepPreviousData },
    ),
    // New charges and top-ups appear without a reload (only the first page is refetched often).
    refetchInterval: BALANCE_POLL_MS,
  });
  const rows = transactions.data?.pages.flatMap((p) => p.data);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Transactions</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-2">
            <Label htmlFor="tx-kind">Kind</Label>
            <NativeSelect
              id="tx-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as TransferKind | "")}
            >
              <option value="">All kinds</option>
              {TRANSFER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="tx-search">Search description and details</Label>
            <Input
              id="tx-search"
              placeholder="/api/v1/echo"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
        </div>
        <QueryState
          query={{ ...transactions, data: rows }}
          label="transactions"
          empty="No transactions match these filters."
          skeletonClassName="h-48"
        >
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Description</TableHead>
                  <TableHead className="hidden sm:table-cell">Kind</TableHead>
                  <TableHead className="text-right">Credits</TableHead>
                  <TableHead className="hidden sm:table-cell">When</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((tx) => (
                  <TableRow key={tx.entry_id}>
                    <TableCell className="max-w-44 truncate sm:max-w-72">
                      <span className="flex items-center gap-2">
                        {tx.direction === "in" ? (
                          <ArrowDownLeft className="size-4 shrink-0 text-emerald-400" aria-label="Earned" />
                        ) : (
                          <ArrowUpRight className="size-4 shrink-0 text-amber-400" aria-label="Spent" />
                        )}
                        <span className="truncate">{tx.description || tx.id}</span>
                        {tx.account === "receivable" ? <Badge variant="outline">debt</Badge> : null}
                      </span>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <Badge variant={tx.kind === "usage" ? "secondary" : "outline"}>{tx.kind}</Badge>
                    </TableCell>
                    <TableCell
                      className={`text-right tabular-nums ${tx.direction === "in" ? "text-emerald-400" : ""}`}
                    >
                      {tx.direction === "in" ? "+" : ""}
                      {formatCredits(tx.amount)}
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden sm:table-cell">
                      {tx.created_at.toLocaleString()}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
        <LoadMore query={transactions} />
      </CardContent>
    </Card>
  );
}
