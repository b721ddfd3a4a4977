/** Recharts rows for cost per day and model (dollars as numbers only for the geometry). */
export function costChartRows(days: { day: string; by_model: Record<string, string> }[]) {
  const models = [...new Set(days.flatMap((d) => Object.keys(d.by_model)))].sort();
  const rows = days.map((d) => {
    const row: Record<string, string | number> = {
      day: d.day,
      label: new Date(`${d.day}T00:00:00Z`).toLocaleDateString("en", {
        month: "short",
        day: "numeric",
        timeZone: "UTC",
      }),
    };
    for (const model of models) row[model] = Number(d.by_model[model] ?? "0");
    return row;
  });
  return { rows, models };
}
