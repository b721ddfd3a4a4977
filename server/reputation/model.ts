import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";

// The reputation model (Jøsang & Ismail's Beta reputation system): positive and negative evidence
// r, s per dimension, forgotten at λ per day, a Beta(r + 1, s + 1) posterior read as a mean and a
// credible interval. Pure functions of numbers; the service stores evidence and calls these.
// ARCHITECTURE.md ("Reputation") has the formulas and a worked example.

export const DIMENSIONS = ["overall", "success_rate", "response_time", "reliability"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const DAY_MS = 86_400_000;

/** Evidence as of a moment: what was seen, already decayed to `at` (ms since the epoch). */
export type Evidence = { r: number; s: number; at: number };

export const NO_EVIDENCE: Evidence = { r: 0, s: 0, at: 0 };

/** λ^(Δt in days): how much of the evidence at `from` is left at `to`. */
export function decayFactor(fromMs: number, toMs: number, lambda: number): number {
  return lambda ** ((toMs - fromMs) / DAY_MS);
}

/** The same evidence seen from a later moment (never from an earlier one: evidence only fades). */
export function decayTo(evidence: Evidence, toMs: number, lambda: number): Evidence {
  if (toMs <= evidence.at) return evidence;
  const factor = decayFactor(evidence.at, toMs, lambda);
  return { r: evidence.r * factor, s: evidence.s * factor, at: toMs };
}

/**
 * Adds an observation (r, s) made at `atMs`. A late event (older than the evidence's moment) is
 * decayed to that moment before it is added, so the order events arrive in changes nothing.
 */
export function addEvidence(
  evidence: Evidence,
  r: number,
  s: number,
  atMs: number,
  lambda: number,
): Evidence {
  if (atMs >= evidence.at) {
    const current = decayTo(evidence, atMs, lambda);
    return { r: current.r + r, s: current.s + s, at: atMs };
  }
  const factor = decayFactor(atMs, evidence.at, lambda);
  return { r: evidence.r + r * factor, s: evidence.s + s * factor, at: evidence.at };
}

/** A 1–5 rating as evidence: r = (x − 1) / 4, s = 1 − r. */
export function ratingEvidence(rating: number): { r: number; s: number } {
  const r = (rating - 1) / 4;
  return { r, s: 1 - r };
}

/** A measured outcome, or a latency against its target, as one unit of evidence. */
export function binaryEvidence(success: boolean): { r: number; s: number } {
  return success ? { r: 1, s: 0 } : { r: 0, s: 1 };
}

export type DimensionScore = {
  /** Posterior mean in [0, 1]. */
  mean: number;
  /** The credible interval's ends (level 0.9: the 5% and 95% quantiles). */
  lower: number;
  upper: number;
  /** 1 + 4 · mean, one decimal. */
  stars: number;
  /** r + s: how much (decayed, weighted) evidence the score rests on. */
  evidence: number;
};

export const CREDIBLE_LEVEL = 0.9;

/** Beta(r + 1, s + 1): a new agent (no evidence) is neutral, 0.5, with a wide interval. */
export function scoreOf(r: number, s: number, level = CREDIBLE_LEVEL): DimensionScore {
  const alpha = r + 1;
  const beta = s + 1;
  const tail = (1 - level) / 2;
  const mean = alpha / (alpha + beta);
  return {
    mean,
    lower: betaQuantile(tail, alpha, beta),
    upper: betaQuantile(1 - tail, alpha, beta),
    stars: Math.round((1 + 4 * mean) * 10) / 10,
    evidence: r + s,
  };
}

/**
 * Sums the raters' evidence, capping each rater's share of the total at `maxShare` once
 * `minRaters` or more (with evidence left) have rated (water-filling: the largest raters are scaled down, r and s
 * alike, until none holds more than `maxShare` of the capped total). Below `minRaters`, or when
 * the raters are too few for the cap to be met (n · maxShare < 1), a plain sum.
 */
export function sumWithShareCap(
  raters: ReadonlyArray<{ r: number; s: number }>,
  maxShare: number,
  minRaters: number,
): { r: number; s: number } {
  return shareCapped(raters, maxShare, minRaters).reduce((acc, e) => ({ r: acc.r + e.r, s: acc.s + e.s }), {
    r: 0,
    s: 0,
  });
}

/** Each rater's evidence after the share cap (see sumWithShareCap), in the order given. */
export function shareCapped(
  raters: ReadonlyArray<{ r: number; s: number }>,
  maxShare: number,
  minRaters: number,
): Array<{ r: number; s: number }> {
  // A rater whose evidence has all gone (or weighed nothing) does not count toward the raters.
  const sizes = raters
    .map((e) => e.r + e.s)
    .filter((size) => size > 0)
    .sort((a, b) => b - a);
  if (sizes.length < minRaters || sizes.length * maxShare < 1) return raters.map((e) => ({ ...e }));
  // With the k largest capped at maxShare · T and the rest kept, T = rest / (1 − k · maxShare).
  // Since n · maxShare ≥ 1, the loop stops before every rater is capped; the tolerance keeps
  // equal raters (each exactly at the cap) from being capped one by one through rounding.
  const TOLERANCE = 1e-12;
  let rest = sizes.reduce((a, b) => a + b, 0);
  let total = rest;
  for (let k = 0; k < sizes.length - 1; k++) {
    if ((sizes[k] as number) <= maxShare * total * (1 + TOLERANCE)) break;
    rest -= sizes[k] as number;
    total = rest / (1 - (k + 1) * maxShare);
  }
  const limit = maxShare * total;
  return raters.map((e) => {
    const size = e.r + e.s;
    const scale = size > limit ? limit / size : 1;
    return { r: e.r * scale, s: e.s * scale };
  });
}

/**
 * sumWithShareCap from the raters' totals and the largest few alone, as SQL can hand them over
 * without shipping every rater row: at most ⌈1 / maxShare⌉ raters can exceed the cap (k capped
 * raters hold k · maxShare < 1 of the total), so `top` needs no more than that, largest first.
 */
export function sumWithShareCapFromTop(
  /** `raters`: those with evidence left (r + s > 0), as shareCapped counts them. */
  totals: { r: number; s: number; raters: number },
  top: ReadonlyArray<{ r: number; s: number }>,
  maxShare: number,
  minRaters: number,
): { r: number; s: number } {
  if (totals.raters < minRaters || totals.raters * maxShare < 1) return { r: totals.r, s: totals.s };
  const TOLERANCE = 1e-12;
  let rest = totals.r + totals.s;
  let total = rest;
  let capped = 0;
  for (const rater of top) {
    // Never every rater: one is always left under the cap (rounding in `rest` could say otherwise).
    if (capped >= totals.raters - 1 || rater.r + rater.s <= maxShare * total * (1 + TOLERANCE)) break;
    capped++;
    rest -= rater.r + rater.s;
    total = rest / (1 - capped * maxShare);
  }
  const limit = maxShare * total;
  let r = totals.r;
  let s = totals.s;
  for (const rater of top.slice(0, capped)) {
    const scale = limit / (rater.r + rater.s);
    r -= rater.r * (1 - scale);
    s -= rater.s * (1 - scale);
  }
  return { r, s };
}

/** How many of the largest raters sumWithShareCapFromTop needs. */
export const topRatersNeeded = (maxShare: number) => Math.ceil(1 / maxShare) + 1;
