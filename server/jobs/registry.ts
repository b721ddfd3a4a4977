import type { DbOrTx } from "@/db/client";
import { detectUsageSpikes } from "../billing/anomalies";
import { purgeExpiredIdempotencyKeys } from "../http/idempotency";
import { reconcileLedgerJob } from "../ledger/reconcile";
import { expireReservations } from "../ledger/reservations";
import { purgeExpiredInvitations } from "../orgs/invitations";

// Every periodic job, its schedule (cron syntax, UTC) and what it does. vercel.json lists the
// same schedules for Vercel Cron; a test keeps the two in step.

export type JobDefinition = {
  schedule: string;
  description: string;
  run(db: DbOrTx): Promise<Record<string, unknown>>;
};

export const JOBS = {
  "detect-usage-anomalies": {
    schedule: "41 * * * *",
    description: "Flag orgs whose last hour of usage is far above their 7-day hourly average",
    run: async (db) => ({ ...(await detectUsageSpikes(db)) }),
  },
  "expire-reservations": {
    schedule: "* * * * *",
    description: "Release credit reservations that were never settled and are past their expiry",
    run: async (db) => ({ ...(await expireReservations(db)) }),
  },
  "purge-expired-invites": {
    schedule: "17 3 * * *",
    description: "Delete invitations that expired unused (revoked ones included)",
    run: (db) => purgeExpiredInvitations(db),
  },
  "purge-idempotency-keys": {
    schedule: "7 * * * *",
    description: "Delete stored Idempotency-Key responses older than 24 hours",
    run: (db) => purgeExpiredIdempotencyKeys(db),
  },
  "reconcile-ledger": {
    schedule: "23 * * * *",
    description: "Check that every transfer, the whole ledger and every cached balance add up",
    run: async (db) => ({ ...(await reconcileLedgerJob(db)) }),
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
