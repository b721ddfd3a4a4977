"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { SERVICE_LABELS, usageChartRows } from "./economy-figures";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];
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
          <figure aria-label={`Credits spent per day by service, last ${DAYS} days`} className="h-64">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart.rows} margin={{ left: -12, right: 8 }}>
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
                  formatter={(value, name) => [
                    `${Number(value).toLocaleString("en", { maximumFractionDigits: 6 })} credits`,
                    SERVICE_LABELS[String(name)] ?? name,
                  ]}
                />
                <Legend formatter={(name) => SERVICE_LABELS[String(name)] ?? name} />
                {chart.services.map((service, i) => (
                  <Bar
                    key={service}
                    dataKey={service}
                    stackId="usage"
                    fill={COLORS[i % COLORS.length]}
                    radius={i === chart.services.length - 1 ? [4, 4, 0, 0] : 0}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
        ) : null}
      </CardContent>
    </Card>
  );
}
