"use client";

import { useQuery } from "@tanstack/react-query";
import { StackedBars } from "@/components/charts/stacked-bars";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { costChartRows } from "./usage-figures";

const DAYS = 14;

export function LlmCostChart() {
  const trpc = useTRPC();
  const usage = useQuery(trpc.llm.usageByDay.queryOptions({ days: DAYS }));
  const chart = usage.data ? costChartRows(usage.data) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Cost by model</CardTitle>
        <CardDescription>Provider cost in US dollars per day, last {DAYS} days (UTC)</CardDescription>
      </CardHeader>
      <CardContent>
        {usage.isPending ? <Skeleton className="h-64" aria-label="Loading usage" /> : null}
        <ErrorAlert message={usage.error?.message} />
        {chart && chart.models.length === 0 ? (
          <p className="text-muted-foreground text-sm">No LLM calls in the last {DAYS} days.</p>
        ) : null}
        {chart && chart.models.length > 0 ? (
          <StackedBars
            rows={chart.rows}
            series={chart.models}
            label={`LLM cost per day by model, last ${DAYS} days`}
            formatValue={(v) => `$${v.toFixed(6)}`}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
