// The reputation dashboard's arithmetic, kept apart from the components so it is tested alone.

export type ScoreNumbers = { mean: number; lower: number; upper: number; stars: number; evidence: number };

export const DIMENSION_LABELS = {
  overall: "Overall",
  success_rate: "Success rate",
  response_time: "Response time",
  reliability: "Reliability",
} as const;
export type DimensionName = keyof typeof DIMENSION_LABELS;

/** Five stars to the nearest half: 4.3 → 4 full, 1 half, 0 empty; 4.2 → 4 full, 0 half, 1 empty. */
export function starParts(stars: number): { full: number; half: boolean; empty: number } {
  const halves = Math.min(10, Math.max(0, Math.round(stars * 2)));
  const full = Math.floor(halves / 2);
  const half = halves % 2 === 1;
  return { full, half, empty: 5 - full - (half ? 1 : 0) };
}

/** A [0, 1] mean on the star scale, one decimal. */
export const toStars = (mean: number) => Math.round((1 + 4 * mean) * 10) / 10;

/** "3.5–4.8 ★": the 90% credible interval on the star scale. */
export function intervalLabel(score: Pick<ScoreNumbers, "lower" | "upper">): string {
  return `${toStars(score.lower).toFixed(1)}–${toStars(score.upper).toFixed(1)} ★`;
}

export const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

/** An event's move of the overall mean, on the star scale: "+0.12 ★", "−0.05 ★", "±0 ★". */
export function deltaLabel(delta: number | null): string | null {
  if (delta === null) return null;
  const stars = 4 * delta;
  if (Math.abs(stars) < 0.005) return "±0 ★";
  return `${stars > 0 ? "+" : "−"}${Math.abs(stars).toFixed(2)} ★`;
}

/** The trend chart's rows: one per day, on the star scale, with the interval as a band. */
export function trendRows(points: ReadonlyArray<{ day: string } & ScoreNumbers>) {
  return points.map((p) => ({
    label: p.day.slice(5),
    stars: toStars(p.mean),
    band: [toStars(p.lower), toStars(p.upper)] as [number, number],
  }));
}
