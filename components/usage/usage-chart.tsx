"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { costChartRows } from "./usage-figures";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];
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
          <figure aria-label={`LLM cost per day by model, last ${DAYS} days`} className="h-64">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart.rows} margin={{ left: -8, right: 8 }}>
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis
                  dataKey="label"
                  tickLine={false}
                  axisLine={false}
                  fontSize={12}
                  stroke="var(--muted-foreground)"
                />
                <YAxis tickLine={false} axisLine={false} fontSize={12} stroke="var(--muted-foreground)" />
                <Tooltip
                  cursor={{ fill: "var(--muted)" }}
                  contentStyle={{
                    background: "var(--popover)",
                    border: "1px solid var(--border)",
                    borderRadius: 8,
                  }}
                  formatter={(value) => `$${Number(value).toFixed(6)}`}
                />
                <Legend />
                {chart.models.map((model, i) => (
                  <Bar key={model} dataKey={model} stackId="cost" fill={COLORS[i % COLORS.length]} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
        ) : null}
      </CardContent>
    </Card>
  );
}
