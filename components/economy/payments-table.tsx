"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { type Column, DataTable, flattenPages } from "@/components/feedback/data-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { formatUsd } from "./economy-figures";
import { paymentLabel, paymentTone } from "./payment-status";

const RECEIPT_STATUSES = new Set(["succeeded", "partially_refunded", "refunded"]);

type Payment = RouterOutputs["payments"]["list"]["data"][number];

function ReceiptLinks({ payment: p }: { payment: Payment }) {
  if (!RECEIPT_STATUSES.has(p.status)) return null;
  return (
    <span className="flex justify-end gap-3">
      <Link className="underline-offset-4 hover:underline" href={`/app/economy/receipts/${p.id}`}>
        Receipt
      </Link>
      {p.receipt_url ? (
        <a
          href={p.receipt_url}
          target="_blank"
          rel="noreferrer"
          aria-label="Stripe receipt (opens in a new tab)"
        >
          <ExternalLink className="size-4" aria-hidden />
        </a>
      ) : null}
    </span>
  );
}

const COLUMNS: Column<Payment>[] = [
  { header: "Credits", cellClassName: "tabular-nums", cell: (p) => Number(p.credits).toLocaleString("en") },
  {
    header: "Amount",
    cellClassName: "tabular-nums",
    cell: (p) => (
      <>
        {formatUsd(p.amount_cents)}
        {p.amount_refunded_cents > 0 ? (
          <span className="text-muted-foreground block text-xs">
            {formatUsd(p.amount_refunded_cents)} refunded
          </span>
        ) : null}
      </>
    ),
  },
  {
    header: "Status",
    cell: (p) => (
      <Badge variant={paymentTone(p.status)} title={p.failure_message ?? undefined}>
        {paymentLabel(p.status)}
      </Badge>
    ),
  },
  {
    header: "Date",
    className: "hidden sm:table-cell",
    cellClassName: "text-muted-foreground",
    cell: (p) => (p.succeeded_at ?? p.created_at).toLocaleString(),
  },
  {
    header: <span className="sr-only">Receipt</span>,
    cellClassName: "text-right",
    cell: (p) => <ReceiptLinks payment={p} />,
  },
];

export function PaymentsTable() {
  const trpc = useTRPC();
  const payments = useInfiniteQuery({
    ...trpc.payments.list.infiniteQueryOptions(
      { limit: 10 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined },
    ),
    refetchInterval: BALANCE_POLL_MS,
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Payments</CardTitle>
        <CardDescription>Card top-ups through Stripe, with receipts</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <DataTable
          query={flattenPages(payments)}
          columns={COLUMNS}
          rowKey={(p) => p.id}
          label="payments"
          empty="No payments yet."
          skeletonClassName="h-32"
        />
      </CardContent>
    </Card>
  );
}
