"use client";

import { useQuery } from "@tanstack/react-query";
import { StackedBars } from "@/components/charts/stacked-bars";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { SERVICE_LABELS, usageChartRows } from "./economy-figures";

const DAYS = 14;

export function UsageChart() {
  const trpc = useTRPC();
  const usage = useQuery({
    ...trpc.billing.usageByDay.queryOptions({ days: DAYS }),
    refetchInterval: BALANCE_POLL_MS * 6,
  });
  const chart = usage.data ? usageChartRows(usage.data) : null;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Usage by service</CardTitle>
        <CardDescription>Credits spent per day over the last {DAYS} days (UTC)</CardDescription>
      </CardHeader>
      <CardContent>
        {usage.isPending ? <Skeleton className="h-64" aria-label="Loading usage" /> : null}
        <ErrorAlert message={usage.error?.message} />
        {chart && chart.services.length === 0 ? (
          <p className="text-muted-foreground text-sm">No paid calls in the last {DAYS} days.</p>
        ) : null}
        {chart && chart.services.length > 0 ? (
          <StackedBars
            rows={chart.rows}
            series={chart.services}
            label={`Credits spent per day by service, last ${DAYS} days`}
            formatValue={(v) => `${v.toLocaleString("en", { maximumFractionDigits: 6 })} credits`}
            seriesName={(name) => SERVICE_LABELS[name] ?? name}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
