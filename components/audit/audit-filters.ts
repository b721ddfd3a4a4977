/** Turns the date inputs' `YYYY-MM-DD` into the bounds of that local day (empty: no bound). */
export function dayBounds(from: string, to: string): { from?: Date; to?: Date } {
  const parse = (value: string, endOfDay: boolean) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  };
  return { from: parse(from, false), to: parse(to, true) };
}

export function outcomeTone(outcome: string): "secondary" | "destructive" | "outline" {
  if (outcome === "failure") return "destructive";
  if (outcome === "denied") return "outline";
  return "secondary";
}
