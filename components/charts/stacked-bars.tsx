"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, TOOLTIP_STYLE } from "./chart-style";

// The dashboard's stacked bar chart (one bar per day, one stack segment per series), themed with
// the chart tokens. Used for credits by service (economy) and cost by model (usage).

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];

export function StackedBars({
  rows,
  series,
  label,
  formatValue,
  seriesName = (name) => name,
}: {
  rows: Record<string, string | number>[];
  series: string[];
  /** What the figure shows, for screen readers. */
  label: string;
  formatValue: (value: number) => string;
  seriesName?: (name: string) => string;
}) {
  return (
    <figure aria-label={label} className="h-64">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: -8, right: 8 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis {...AXIS} />
          <Tooltip
            cursor={{ fill: "var(--muted)" }}
            contentStyle={TOOLTIP_STYLE}
            formatter={(value, name) => [formatValue(Number(value)), seriesName(String(name))]}
          />
          <Legend formatter={(name) => seriesName(String(name))} />
          {series.map((name, i) => (
            <Bar
              key={name}
              dataKey={name}
              stackId="stack"
              fill={COLORS[i % COLORS.length]}
              radius={i === series.length - 1 ? [4, 4, 0, 0] : 0}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
