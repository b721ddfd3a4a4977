import { detectUsageSpikes } from "../billing/anomalies";
import type { ServiceContext } from "../context";
import { purgeExpiredIdempotencyKeys } from "../http/idempotency";
import { reconcileLedgerJob } from "../ledger/reconcile";
import { expireReservations } from "../ledger/reservations";
import { purgeExpiredInvitations } from "../orgs/invitations";
import { failStaleRuns } from "../panel/stale";
import { recomputeReputation } from "../reputation/recompute";

// Every periodic job, its schedule (cron syntax, UTC) and what it does. vercel.json lists the
// same schedules for Vercel Cron; a test keeps the two in step.

export type JobDefinition = {
  schedule: string;
  description: string;
  /**
   * Runs as the system inside the job's transaction (`ctx.db`), which holds its advisory lock; or,
   * `batched`, on the database itself, committing its own batches under a session-level lock.
   */
  run(ctx: ServiceContext): Promise<Record<string, unknown>>;
  batched?: true;
};

export const JOBS = {
  "detect-usage-anomalies": {
    schedule: "41 * * * *",
    description: "Flag orgs whose last hour of usage is far above their 7-day hourly average",
    run: async (ctx) => ({ ...(await detectUsageSpikes({ ctx })) }),
  },
  "expire-reservations": {
    schedule: "* * * * *",
    description: "Release credit reservations that were never settled and are past their expiry",
    run: async (ctx) => ({ ...(await expireReservations({ ctx })) }),
  },
  "fail-stale-panel-runs": {
    schedule: "* * * * *",
    description: "End panel runs whose worker stopped (its process died mid-run) and release their holds",
    run: async (ctx) => ({ ...(await failStaleRuns({ ctx })) }),
  },
  "purge-expired-invites": {
    schedule: "17 3 * * *",
    description: "Delete invitations that expired unused (revoked ones included)",
    run: (ctx) => purgeExpiredInvitations({ ctx }),
  },
  "purge-idempotency-keys": {
    schedule: "7 * * * *",
    description: "Delete stored Idempotency-Key responses older than 24 hours",
    run: (ctx) => purgeExpiredIdempotencyKeys(ctx.db),
  },
  "recompute-reputation": {
    schedule: "11 0 * * *",
    description: "Recompute every agent's reputation from its events and write the day's snapshot",
    batched: true,
    run: async (ctx) => ({ ...(await recomputeReputation({ ctx })) }),
  },
  "reconcile-ledger": {
    schedule: "23 * * * *",
    description: "Check that every transfer, the whole ledger and every cached balance add up",
    run: async (ctx) => ({ ...(await reconcileLedgerJob({ ctx })) }),
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
