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
import { AXIS, TOOLTIP_STYLE } from "@/components/charts/chart-style";
import { trendRows } from "./reputation-figures";

/** The overall score per day on the star scale, its 90% interval as a band. */
export function TrendChart({ points }: { points: Parameters<typeof trendRows>[0] }) {
  const rows = trendRows(points);
  return (
    <figure aria-label="Overall score per day with its 90% interval" className="h-56">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ left: -16, right: 8 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} {...AXIS} />
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
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
