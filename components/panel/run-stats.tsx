"use client";

import Link from "next/link";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AXIS, TOOLTIP_STYLE } from "@/components/charts/chart-style";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { LiveTurn, Totals, TurnView } from "./run-state";

// What each turn took and cost, measured on the server: a chart where the eye compares turns,
// a table for the exact figures, and the run's totals. Credits are what the ledger debited.

const ms = (value: number | null) => (value === null ? "—" : `${value.toLocaleString("en-US")} ms`);

export function turnChartRows(turns: TurnView[]) {
  return turns.map((turn) => ({
    label: `${turn.index + 1}`,
    ttft: turn.ttft_ms ?? 0,
    rest: Math.max(0, (turn.duration_ms ?? 0) - (turn.ttft_ms ?? 0)),
    credits: Number(turn.credits),
  }));
}

function TurnChart({ turns }: { turns: TurnView[] }) {
  return (
    <figure aria-label="Latency and credits per turn" className="h-56">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={turnChartRows(turns)} margin={{ left: -8, right: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis yAxisId="ms" {...AXIS} unit=" ms" width={72} />
          <YAxis yAxisId="credits" orientation="right" {...AXIS} width={48} />
          <Tooltip contentStyle={TOOLTIP_STYLE} />
          <Bar
            yAxisId="ms"
            dataKey="ttft"
            name="time to first token (ms)"
            stackId="t"
            fill="var(--chart-2)"
            isAnimationActive={false}
          />
          <Bar
            yAxisId="ms"
            dataKey="rest"
            name="rest of the answer (ms)"
            stackId="t"
            fill="var(--chart-1)"
            isAnimationActive={false}
          />
          <Line
            yAxisId="credits"
            dataKey="credits"
            name="credits"
            stroke="var(--chart-4)"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border p-3">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

export function RunTotals({ totals }: { totals: Totals }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Totals">
      <Figure label="Turns" value={`${totals.turns_completed} done · ${totals.turns_failed} failed`} />
      <Figure label="Duration" value={ms(totals.duration_ms)} />
      <Figure label="Tokens in / out" value={`${totals.prompt_tokens} / ${totals.completion_tokens}`} />
      <Figure label="Cost (USD)" value={`$${totals.cost_usd}`} />
      <Figure label="Run fee (credits)" value={totals.fee_credits} />
      <Figure label="Credits debited" value={totals.credits} />
    </dl>
  );
}

export function RunStats({ turns }: { turns: LiveTurn[] }) {
  const finished = turns.flatMap((turn) => (turn.final ? [turn.final] : []));
  if (finished.length === 0)
    return <p className="text-muted-foreground text-sm">Stats appear as turns finish.</p>;
  return (
    <div className="grid gap-4">
      <TurnChart turns={finished} />
      <div className="overflow-x-auto">
        <Table aria-label="Per-turn stats">
          <TableHeader>
            <TableRow>
              <TableHead>Turn</TableHead>
              <TableHead>Served by</TableHead>
              <TableHead className="text-end">TTFT</TableHead>
              <TableHead className="text-end">Duration</TableHead>
              <TableHead className="text-end">Tokens in/out</TableHead>
              <TableHead className="text-end">Tokens/s</TableHead>
              <TableHead className="text-end">Cost (USD)</TableHead>
              <TableHead className="text-end">Credits</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {finished.map((turn) => (
              <TableRow key={turn.index}>
                <TableCell>
                  {turn.index + 1} · seat {turn.seat}
                </TableCell>
                <TableCell>
                  {turn.provider ? `${turn.provider}/${turn.model}` : "—"}
                  {turn.fallback ? " (fallback)" : ""}
                </TableCell>
                <TableCell className="text-end tabular-nums">{ms(turn.ttft_ms)}</TableCell>
                <TableCell className="text-end tabular-nums">{ms(turn.duration_ms)}</TableCell>
                <TableCell className="text-end tabular-nums">
                  {turn.prompt_tokens ?? "—"} / {turn.completion_tokens ?? "—"}
                </TableCell>
                <TableCell className="text-end tabular-nums">{turn.tokens_per_second ?? "—"}</TableCell>
                <TableCell className="text-end tabular-nums">{turn.cost_usd}</TableCell>
                <TableCell className="text-end tabular-nums">
                  {turn.transfer_id ? (
                    <Link
                      href={`/app/economy?q=${encodeURIComponent(turn.transfer_id.replace(/^usage:/, ""))}`}
                      title={`Ledger transfer ${turn.transfer_id}`}
                      className="underline-offset-4 hover:underline"
                    >
                      {turn.credits}
                    </Link>
                  ) : (
                    turn.credits
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
