"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { ArrowDownLeft, ArrowUpRight } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { type Column, DataTable, flattenPages } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { TRANSFER_KINDS, type TransferKind } from "@/db/schema/ledger-kinds";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { formatCredits } from "./economy-figures";

type Transaction = RouterOutputs["billing"]["transactions"]["data"][number];

const COLUMNS: Column<Transaction>[] = [
  {
    header: "Description",
    cellClassName: "max-w-44 truncate sm:max-w-72",
    cell: (tx) => (
      <span className="flex items-center gap-2">
        {tx.direction === "in" ? (
          <ArrowDownLeft className="size-4 shrink-0 text-emerald-400" aria-label="Earned" />
        ) : (
          <ArrowUpRight className="size-4 shrink-0 text-amber-400" aria-label="Spent" />
        )}
        <span className="truncate">{tx.description || tx.id}</span>
        {tx.account === "receivable" ? <Badge variant="outline">debt</Badge> : null}
      </span>
    ),
  },
  {
    header: "Kind",
    className: "hidden sm:table-cell",
    cell: (tx) => <Badge variant={tx.kind === "usage" ? "secondary" : "outline"}>{tx.kind}</Badge>,
  },
  {
    header: "Credits",
    className: "text-right",
    cellClassName: "tabular-nums",
    cell: (tx) => (
      <span className={tx.direction === "in" ? "text-emerald-400" : undefined}>
        {tx.direction === "in" ? "+" : ""}
        {formatCredits(tx.amount)}
      </span>
    ),
  },
  {
    header: "When",
    className: "hidden sm:table-cell",
    cellClassName: "text-muted-foreground",
    cell: (tx) => tx.created_at.toLocaleString(),
  },
];

export function TransactionsTable() {
  const trpc = useTRPC();
  const [kind, setKind] = useState<TransferKind | "">("");
  // `?q=` opens the table on one transaction (the panel links each turn to its transfer).
  const [search, setSearch] = useState(useSearchParams()?.get("q") ?? "");
  const q = useDeferredValue(search.trim());
  const transactions = useInfiniteQuery({
    ...trpc.billing.transactions.infiniteQueryOptions(
      { kind: kind || undefined, q: q || undefined, limit: 25 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined, placeholderData: keepPreviousData },
    ),
    // New charges and top-ups appear without a reload (only the first page is refetched often).
    refetchInterval: BALANCE_POLL_MS,
  });

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
        <DataTable
          query={flattenPages(transactions)}
          columns={COLUMNS}
          rowKey={(tx) => tx.entry_id}
          label="transactions"
          empty="No transactions match these filters."
        />
      </CardContent>
    </Card>
  );
}
