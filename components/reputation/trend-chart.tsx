"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { trendRows } from "./reputation-figures";

/** The overall score per day on the star scale, its 90% interval as a band. */
export function TrendChart({ points }: { points: Parameters<typeof trendRows>[0] }) {
  const rows = trendRows(points);
  return (
    <figure aria-label="Overall score per day with its 90% interval" className="h-56">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ left: -16, right: 8 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="label"
            tickLine={false}
            axisLine={false}
            fontSize={12}
            stroke="var(--muted-foreground)"
          />
          <YAxis
            domain={[1, 5]}
            ticks={[1, 2, 3, 4, 5]}
            tickLine={false}
            axisLine={false}
            fontSize={12}
            stroke="var(--muted-foreground)"
          />
          <Tooltip
            contentStyle={{
              background: "var(--popover)",
              border: "1px solid var(--border)",
              borderRadius: 8,
            }}
            formatter={(value, name) =>
              name === "band"
                ? [`${(value as number[]).map((v) => v.toFixed(1)).join("–")} ★`, "90% interval"]
                : [`${Number(value).toFixed(1)} ★`, "score"]
            }
          />
          <Area
            dataKey="band"
            stroke="none"
            fill="var(--chart-2)"
            fillOpacity={0.25}
            isAnimationActive={false}
          />
          <Line
            dataKey="stars"
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={rows.length < 2}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
