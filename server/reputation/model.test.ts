import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addEvidence,
  binaryEvidence,
  decayFactor,
  decayTo,
  NO_EVIDENCE,
  ratingEvidence,
  scoreOf,
  shareCapped,
  sumWithShareCap,
  sumWithShareCapFromTop,
  topRatersNeeded,
} from "./model";

const DAY = 86_400_000;

/** Beta(a, 2)'s CDF in closed form, x^a · (a + 1 − a·x), inverted by bisection: the by-hand check. */
function betaA2Quantile(p: number, a: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid ** a * (a + 1 - a * mid) < p) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe("the Beta reputation model", () => {
  it("maps ratings, outcomes and latencies to evidence", () => {
    expect(ratingEvidence(5)).toEqual({ r: 1, s: 0 });
    expect(ratingEvidence(1)).toEqual({ r: 0, s: 1 });
    expect(ratingEvidence(4)).toEqual({ r: 0.75, s: 0.25 });
    expect(ratingEvidence(3)).toEqual({ r: 0.5, s: 0.5 });
    expect(binaryEvidence(true)).toEqual({ r: 1, s: 0 });
    expect(binaryEvidence(false)).toEqual({ r: 0, s: 1 });
  });

  it("forgets at λ per day: 0.95 a day, half in about 13.5 days", () => {
    expect(decayFactor(0, DAY, 0.95)).toBeCloseTo(0.95, 12);
    expect(decayFactor(0, 10 * DAY, 0.95)).toBeCloseTo(0.95 ** 10, 12);
    const halfLife = Math.log(0.5) / Math.log(0.95);
    expect(halfLife).toBeCloseTo(13.513, 3);
    expect(decayFactor(0, halfLife * DAY, 0.95)).toBeCloseTo(0.5, 12);
    expect(decayTo({ r: 4, s: 2, at: 0 }, 2 * DAY, 0.9)).toEqual({ r: 4 * 0.81, s: 2 * 0.81, at: 2 * DAY });
    // Evidence never grows back: decaying to an earlier moment changes nothing.
    expect(decayTo({ r: 4, s: 2, at: DAY }, 0, 0.9)).toEqual({ r: 4, s: 2, at: DAY });
  });

  it("scores a new agent neutral with a wide interval", () => {
    const score = scoreOf(0, 0);
    expect(score.mean).toBe(0.5);
    expect(score.lower).toBeCloseTo(0.05, 12); // Beta(1, 1) is uniform: its quantiles are p
    expect(score.upper).toBeCloseTo(0.95, 12);
    expect(score.stars).toBe(3);
    expect(score.evidence).toBe(0);
  });

  it("scores nine good and one bad rating as worked by hand (ARCHITECTURE.md)", () => {
    // r = 9, s = 1 → Beta(10, 2): mean 10/12, stars 1 + 4 · 0.8333 = 4.3.
    const score = scoreOf(9, 1);
    expect(score.mean).toBeCloseTo(10 / 12, 12);
    expect(score.stars).toBe(4.3);
    expect(score.evidence).toBe(10);
    expect(score.lower).toBeCloseTo(betaA2Quantile(0.05, 10), 9);
    expect(score.upper).toBeCloseTo(betaA2Quantile(0.95, 10), 9);
    expect(score.lower).toBeCloseTo(0.6356, 4);
  });

  it("ranks a thousand 4.8s above one 5 by the lower bound, not the mean", () => {
    const one = scoreOf(ratingEvidence(5).r, ratingEvidence(5).s);
    const many = scoreOf(1000 * ratingEvidence(4.8).r, 1000 * ratingEvidence(4.8).s);
    expect(one.mean).toBeLessThan(many.mean + 0.3);
    expect(many.lower).toBeGreaterThan(one.lower);
  });

  it("gives the same evidence whatever order events arrive in", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.double({ min: 0, max: 60, noNaN: true }),
            rating: fc.integer({ min: 1, max: 5 }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (events) => {
          const apply = (list: typeof events) =>
            list.reduce((e, ev) => {
              const { r, s } = ratingEvidence(ev.rating);
              return addEvidence(e, r, s, ev.day * DAY, 0.95);
            }, NO_EVIDENCE);
          const sorted = [...events].sort((a, b) => a.day - b.day);
          const [x, y] = [apply(events), apply(sorted)];
          const at = Math.max(x.at, y.at) + DAY;
          const [dx, dy] = [decayTo(x, at, 0.95), decayTo(y, at, 0.95)];
          expect(Math.abs(dx.r - dy.r)).toBeLessThan(1e-9);
          expect(Math.abs(dx.s - dy.s)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe("the rater share cap", () => {
  const rater = (size: number, good = 1) => ({ r: size * good, s: size * (1 - good) });

  it("sums plainly below the rater count that turns it on", () => {
    expect(sumWithShareCap([rater(50), rater(1)], 0.1, 10)).toEqual({ r: 51, s: 0 });
  });

  it("scales a dominant rater down to a tenth of the total, keeping its r:s ratio", () => {
    const raters = [rater(10, 0), ...Array.from({ length: 9 }, () => rater(1))];
    // The big rater's 10 units (all negative) become 1: T = 9 / (1 − 0.1) = 10, cap = 1.
    const capped = sumWithShareCap(raters, 0.1, 10);
    expect(capped.r).toBeCloseTo(9, 12);
    expect(capped.s).toBeCloseTo(1, 12);
  });

  it("caps two dominant raters together", () => {
    const raters = [rater(10), rater(10), ...Array.from({ length: 8 }, () => rater(1))];
    // k = 2: T = 8 / (1 − 0.2) = 10, each big rater capped at 1.
    expect(sumWithShareCap(raters, 0.1, 10).r).toBeCloseTo(10, 12);
  });

  it("never leaves a rater above its share, and never adds evidence", () => {
    const sizes = fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), {
      minLength: 10,
      maxLength: 40,
    });
    fc.assert(
      fc.property(sizes, (list) => {
        const raters = list.map((size) => rater(size, 0.7));
        const each = shareCapped(raters, 0.1, 10);
        const capped = sumWithShareCap(raters, 0.1, 10);
        const total = capped.r + capped.s;
        expect(total).toBeLessThanOrEqual(list.reduce((a, b) => a + b, 0) * (1 + 1e-12));
        expect(capped.r / total).toBeCloseTo(0.7, 9);
        for (const [i, e] of each.entries()) {
          const size = e.r + e.s;
          expect(size / total).toBeLessThanOrEqual(0.1 * (1 + 1e-9));
          // Only raters above the cap lose anything; the rest keep all their evidence.
          if (size < 0.1 * total * (1 - 1e-9)) expect(size).toBeCloseTo(list[i] as number, 9);
        }
      }),
    );
  });

  it("gives the same sum from the totals and the largest raters as from every rater", () => {
    // Evidence is either none at all or at least a millionth (λ^days never reaches denormals).
    const amount = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 500, noNaN: true }));
    const raters = fc.array(fc.record({ r: amount, s: amount }), { minLength: 1, maxLength: 60 });
    const share = fc.constantFrom(0.1, 0.2, 0.25, 0.5);
    fc.assert(
      fc.property(raters, share, (list, maxShare) => {
        const totals = list.reduce<{ r: number; s: number; raters: number }>(
          (acc, e) => ({ r: acc.r + e.r, s: acc.s + e.s, raters: acc.raters + (e.r + e.s > 0 ? 1 : 0) }),
          { r: 0, s: 0, raters: 0 },
        );
        const top = [...list].sort((a, b) => b.r + b.s - (a.r + a.s)).slice(0, topRatersNeeded(maxShare));
        const fromTop = sumWithShareCapFromTop(totals, top, maxShare, 10);
        const full = sumWithShareCap(list, maxShare, 10);
        const scale = Math.max(1, totals.r + totals.s);
        expect(Math.abs(fromTop.r - full.r) / scale).toBeLessThan(1e-9);
        expect(Math.abs(fromTop.s - full.s) / scale).toBeLessThan(1e-9);
      }),
    );
  });
});
