import type { Actor } from "../context";
import { nowMs } from "../platform/clock";
import { getDb } from "../platform/db";
import { getLogger } from "../platform/logger";
import { recordAudit } from "./service";

// A client stuck in a retry loop can draw thousands of 429s a minute, and a key-guessing flood
// thousands of 401s; one audit row each would flood the log and slow the very path that is
// shedding load. Rejections are counted in memory per caller, action and minute and written as one
// row when the minute is over (each instance writes its own row for the callers it turned away).
// Callers without an org (an IP guessing keys) go to the platform chain.

const MINUTE_MS = 60_000;
const FLUSH_EVERY_MS = 15_000;

type Bucket = {
  action: RejectionAction;
  orgId: string | null;
  actor: Actor;
  identifier: string;
  policy: string;
  minuteStart: number;
  count: number;
};

const STATE_KEY = Symbol.for("brikk.ratelimitrollup");
type State = { buckets: Map<string, Bucket>; timer: NodeJS.Timeout | null };
type Holder = { [STATE_KEY]?: State };

function state(): State {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { buckets: new Map(), timer: null };
  return holder[STATE_KEY];
}

/** `rate_limit.exceeded`: a 429; `auth.failed`: a presented key or signature that did not verify. */
export type RejectionAction = "rate_limit.exceeded" | "auth.failed";

export function noteRateLimited(event: {
  orgId: string | null;
  actor: Actor;
  identifier: string;
  policy: string;
  action?: RejectionAction;
}): void {
  const s = state();
  const minuteStart = Math.floor(nowMs() / MINUTE_MS) * MINUTE_MS;
  const action = event.action ?? "rate_limit.exceeded";
  const key = `${action}|${event.identifier}|${event.policy}|${minuteStart}`;
  const bucket = s.buckets.get(key);
  if (bucket) bucket.count += 1;
  else s.buckets.set(key, { ...event, action, minuteStart, count: 1 });
  if (!s.timer) {
    s.timer = setInterval(() => {
      flushRateLimitRollup().catch((error) =>
        getLogger().error({ err: error }, "could not write rate-limit audit rows"),
      );
    }, FLUSH_EVERY_MS);
    s.timer.unref();
  }
}

/** Writes one row per caller for every finished minute (or every minute, with `all`). */
export async function flushRateLimitRollup(options: { all?: boolean } = {}): Promise<number> {
  const s = state();
  const currentMinute = Math.floor(nowMs() / MINUTE_MS) * MINUTE_MS;
  const due = [...s.buckets.entries()].filter(([, b]) => options.all || b.minuteStart < currentMinute);
  if (due.length === 0) return 0;
  for (const [key] of due) s.buckets.delete(key);
  const db = await getDb();
  for (const [, bucket] of due) {
    await recordAudit(db, {
      orgId: bucket.orgId,
      actor: bucket.actor,
      action: bucket.action,
      outcome: bucket.action === "auth.failed" ? "failure" : "denied",
      metadata: {
        ...(bucket.orgId === null ? { caller: bucket.identifier } : {}),
        policy: bucket.policy,
        rejected: bucket.count,
        minute: new Date(bucket.minuteStart).toISOString(),
      },
    });
  }
  return due.length;
}

export function resetRateLimitRollupForTests(): void {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
  s.buckets.clear();
}
