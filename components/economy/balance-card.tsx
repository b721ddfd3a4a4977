"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { formatCredits, microsOf, spendingTrend } from "./economy-figures";

/** How often the balance refreshes: a paid call or a top-up shows up without a reload. */
export const BALANCE_POLL_MS = 5_000;

export function BalanceCard() {
  const trpc = useTRPC();
  const balance = useQuery({ ...trpc.billing.balance.queryOptions(), refetchInterval: BALANCE_POLL_MS });
  const data = balance.data;
  const trend = data ? spendingTrend(data.usage.today.total, data.usage["7d"].total) : null;
  const owed = data ? microsOf(data.owed) > 0n : false;

  return (
    <Card>
      <CardHeader>
        <CardDescription>Credit balance</CardDescription>
        {data ? (
          <CardTitle className="text-4xl tabular-nums" data-testid="credit-balance">
            {formatCredits(data.balance)}
          </CardTitle>
        ) : balance.error ? null : (
          <Skeleton className="h-10 w-40" aria-label="Loading balance" />
        )}
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <ErrorAlert message={balance.error?.message} />
        {data ? (
          <>
            <dl className="grid grid-cols-3 gap-2">
              <Figure label="Available" value={formatCredits(data.available)} />
              <Figure label="Reserved" value={formatCredits(data.reserved)} />
              <Figure label="Spent today" value={formatCredits(data.usage.today.total)} />
            </dl>
            <TrendLine trend={trend} />
            {owed ? (
              <Alert variant="destructive">
                <AlertTitle>{formatCredits(data.owed)} credits owed</AlertTitle>
                <AlertDescription>
                  A refunded payment had already been spent. Paid calls are refused until the debt is repaid;
                  the next top-up pays it first.
                </AlertDescription>
              </Alert>
            ) : null}
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}

function TrendLine({ trend }: { trend: ReturnType<typeof spendingTrend> }) {
  if (!trend) return <p className="text-muted-foreground">No spending in the last 7 days to compare with.</p>;
  const Icon = trend.direction === "up" ? ArrowUpRight : trend.direction === "down" ? ArrowDownRight : Minus;
  const text =
    trend.direction === "flat"
      ? "Spending today is in line with your daily average"
      : `Spending today is ${trend.percent}% ${trend.direction === "up" ? "above" : "below"} your daily average`;
  return (
    <p className="text-muted-foreground flex items-center gap-1" data-testid="spending-trend">
      <Icon
        className={trend.direction === "up" ? "size-4 text-amber-400" : "size-4 text-emerald-400"}
        aria-hidden
      />
      {text}
    </p>
  );
}
