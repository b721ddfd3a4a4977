// Every piece of code that asks "what time is it" asks here, so tests can move time instead of
// sleeping (expiries, windows, skews, grace periods).

export type Clock = { now(): Date };

const systemClock: Clock = { now: () => new Date() };

const CLOCK_KEY = Symbol.for("brikk.clock");
type ClockHolder = { [CLOCK_KEY]?: Clock };

export function now(): Date {
  return ((globalThis as ClockHolder)[CLOCK_KEY] ?? systemClock).now();
}

export function nowMs(): number {
  return now().getTime();
}

/** A clock frozen at `start` that moves only when told to. Installed until `restore()`. */
export function installFakeClock(start: Date | string = "2026-01-01T00:00:00Z") {
  let current = new Date(start).getTime();
  const clock: Clock = { now: () => new Date(current) };
  (globalThis as ClockHolder)[CLOCK_KEY] = clock;
  return {
    advance(ms: number) {
      current += ms;
    },
    set(at: Date | string) {
      current = new Date(at).getTime();
    },
    restore() {
      delete (globalThis as ClockHolder)[CLOCK_KEY];
    },
  };
}
