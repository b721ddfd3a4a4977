// Display helpers for the economy page. Amounts arrive as exact decimal strings ("12.500000");
// they are trimmed as strings and only turned into numbers for chart geometry.

/** "12.500000" → "12.5", "100.000000" → "100", "-0.000100" → "-0.0001". */
export function formatCredits(amount: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) return amount;
  const [whole = "0", fraction = ""] = amount.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

/** Micro-credits of a decimal string, exactly (for comparisons). */
export function microsOf(amount: string): bigint {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6) || "0");
  return negative ? -micros : micros;
}

export type Trend = { direction: "up" | "down" | "flat"; percent: number } | null;

/**
 * Today's spending against the average of the six days before it (the 7-day window minus today);
 * null without spending on those days to compare with.
 */
export function spendingTrend(today: string, sevenDays: string): Trend {
  const average = (microsOf(sevenDays) - microsOf(today)) / 6n;
  if (average <= 0n) return null;
  const change = Number(((microsOf(today) - average) * 1000n) / average) / 10;
  if (Math.abs(change) < 1) return { direction: "flat", percent: 0 };
  return { direction: change > 0 ? "up" : "down", percent: Math.round(Math.abs(change)) };
}

export const SERVICE_LABELS: Record<string, string> = {
  api_call: "API calls",
  workflow: "Workflows",
  llm: "LLM calls",
  other: "Other",
};

export type ChartRow = { day: string; label: string } & Record<string, number | string>;

/** Recharts rows: one per day, one numeric field per service, plus the services seen. */
export function usageChartRows(days: { day: string; by_service: Record<string, string> }[]): {
  rows: ChartRow[];
  services: string[];
} {
  const services = [...new Set(days.flatMap((d) => Object.keys(d.by_service)))].sort();
  const rows = days.map((d) => {
    const row: ChartRow = {
      day: d.day,
      label: new Date(`${d.day}T00:00:00Z`).toLocaleDateString("en", {
        month: "short",
        day: "numeric",
        timeZone: "UTC",
      }),
    };
    for (const service of services) row[service] = Number(microsOf(d.by_service[service] ?? "0")) / 1e6;
    return row;
  });
  return { rows, services };
}

/** Cents as dollars: 1250 → "$12.50". */
export function formatUsd(cents: number): string {
  return `$${Math.floor(cents / 100).toLocaleString("en")}.${String(cents % 100).padStart(2, "0")}`;
}

/** Whether a custom top-up amount is acceptable, and why not. */
export function customCreditsError(value: string, min: number, max: number): string | null {
  if (!/^\d+$/.test(value.trim())) return "Enter a whole number of credits";
  const credits = Number(value);
  if (credits < min) return `At least ${min} credits`;
  if (credits > max) return `At most ${max.toLocaleString("en")} credits`;
  return null;
}
