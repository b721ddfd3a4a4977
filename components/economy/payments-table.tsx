"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { LoadMore } from "@/components/feedback/load-more";
import { QueryState } from "@/components/feedback/query-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { formatUsd } from "./economy-figures";
import { paymentLabel, paymentTone } from "./payment-status";

const RECEIPT_STATUSES = new Set(["succeeded", "partially_refunded", "refunded"]);

export function PaymentsTable() {
  const trpc = useTRPC();
  const payments = useInfiniteQuery({
    ...trpc.payments.list.infiniteQueryOptions(
      { limit: 10 },
      { getNextPageParam: (page) => page.next_cursor ?? undefined },
    ),
    refetchInterval: BALANCE_POLL_MS,
  });
  const rows = payments.data?.pages.flatMap((p) => p.data);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Payments</CardTitle>
        <CardDescription>Card top-ups through Stripe, with receipts</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <QueryState
          query={{ ...payments, data: rows }}
          label="payments"
          empty="No payments yet."
          skeletonClassName="h-32"
        >
          {(data) => (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Credits</TableHead>
                  <TableHead>Amount</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="hidden sm:table-cell">Date</TableHead>
                  <TableHead>
                    <span className="sr-only">Receipt</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell className="tabular-nums">{Number(p.credits).toLocaleString("en")}</TableCell>
                    <TableCell className="tabular-nums">
                      {formatUsd(p.amount_cents)}
                      {p.amount_refunded_cents > 0 ? (
                        <span className="text-muted-foreground block text-xs">
                          {formatUsd(p.amount_refunded_cents)} refunded
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={paymentTone(p.status)} title={p.failure_message ?? undefined}>
                        {paymentLabel(p.status)}
                      </Badge>
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden sm:table-cell">
                      {(p.succeeded_at ?? p.created_at).toLocaleString()}
                    </TableCell>
                    <TableCell className="text-right">
                      {RECEIPT_STATUSES.has(p.status) ? (
                        <span className="flex justify-end gap-3">
                          <Link
                            className="underline-offset-4 hover:underline"
                            href={`/app/economy/receipts/${p.id}`}
                          >
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
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
        <LoadMore query={payments} />
      </CardContent>
    </Card>
  );
}
