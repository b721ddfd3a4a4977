import { and, desc, eq, gte, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { auditEvents, stripePayments } from "@/db/schema";
import { recordAudit } from "../audit/service";
import type { OrgContext, ServiceContext } from "../context";
import { nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { formatMicroCredits } from "../platform/money";

// Anomaly flags: an org spending far faster than usual, or failing payment after payment. A flag
// is an audit event (`billing.anomaly_flagged`, so it sits in the tamper-evident chain) and the
// economy page shows the recent ones as alerts. Raised at most once per kind per org per hour.

const HOUR_MS = 3_600_000;
export const ANOMALY_ACTION = "billing.anomaly_flagged";
export type AnomalyKind = "usage_spike" | "failed_payment_burst";

async function flaggedWithinHour(db: DbOrTx, orgId: string, kind: AnomalyKind): Promise<boolean> {
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, orgId),
        eq(auditEvents.action, ANOMALY_ACTION),
        gte(auditEvents.createdAt, new Date(nowMs() - HOUR_MS)),
        sql`${auditEvents.metadata}->>'kind' = ${kind}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

async function raise(db: DbOrTx, orgId: string, kind: AnomalyKind, detail: Record<string, unknown>) {
  if (await flaggedWithinHour(db, orgId, kind)) return false;
  await recordAudit(db, {
    orgId,
    actor: { type: "system" },
    action: ANOMALY_ACTION,
    outcome: "failure",
    metadata: { kind, ...detail },
  });
  return true;
}

/** After a failed payment: BRIKK_ANOMALY_FAILED_PAYMENTS failures within an hour raise a flag. */
export async function flagFailedPaymentBurst(db: DbOrTx, orgId: string): Promise<boolean> {
  const threshold = getEnv().anomaly.failedPayments;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(stripePayments)
    .where(
      and(
        eq(stripePayments.orgId, orgId),
        eq(stripePayments.status, "failed"),
        gte(stripePayments.updatedAt, new Date(nowMs() - HOUR_MS)),
      ),
    );
  const failures = row?.n ?? 0;
  if (failures < threshold) return false;
  return raise(db, orgId, "failed_payment_burst", { failed_payments: failures, window: "1h", threshold });
}

/**
 * The hourly job: every org whose usage in the last hour exceeds BRIKK_ANOMALY_USAGE_MULTIPLE
 * times its average hour over the 7 days before. An org with no earlier usage has no baseline and
 * is not flagged (its first calls are not an anomaly).
 */
export async function detectUsageSpikes({
  ctx: { db },
}: {
  ctx: ServiceContext;
}): Promise<{ checked: number; flagged: number }> {
  const multiple = getEnv().anomaly.usageMultiple;
  const now = nowMs();
  const hourAgo = new Date(now - HOUR_MS).toISOString();
  const weekAgo = new Date(now - 7 * 24 * HOUR_MS - HOUR_MS).toISOString();
  const rows = rowsOf<{ org_id: string; last_hour: string; before: string }>(
    await db.execute(sql`
      select t.org_id,
             coalesce(sum(t.amount) filter (where t.created_at >= ${hourAgo}::timestamptz), 0)::text as last_hour,
             coalesce(sum(t.amount) filter (where t.created_at < ${hourAgo}::timestamptz), 0)::text as before
      from ledger_transfers t
      where t.kind = 'usage' and t.org_id is not null and t.created_at >= ${weekAgo}::timestamptz
      group by t.org_id`),
  );
  let flagged = 0;
  for (const row of rows) {
    const lastHour = BigInt(row.last_hour);
    const hourlyAverage = BigInt(row.before) / 168n;
    if (hourlyAverage === 0n || lastHour <= hourlyAverage * BigInt(multiple)) continue;
    const raised = await raise(db, row.org_id, "usage_spike", {
      last_hour: formatMicroCredits(lastHour),
      hourly_average_7d: formatMicroCredits(hourlyAverage),
      multiple,
    });
    if (raised) flagged++;
  }
  return { checked: rows.length, flagged };
}

export type AnomalyView = {
  id: string;
  kind: AnomalyKind;
  detail: Record<string, unknown>;
  created_at: Date;
};

/** The org's flags of the last 7 days, newest first, for the dashboard's alerts. */
export async function listAnomalies({ ctx }: { ctx: OrgContext }): Promise<AnomalyView[]> {
  const rows = await ctx.db
    .select({ id: auditEvents.id, metadata: auditEvents.metadata, createdAt: auditEvents.createdAt })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, ctx.org.id),
        eq(auditEvents.action, ANOMALY_ACTION),
        gte(auditEvents.createdAt, new Date(nowMs() - 7 * 24 * HOUR_MS)),
      ),
    )
    .orderBy(desc(auditEvents.createdAt))
    .limit(20);
  return rows.map(({ id, metadata, createdAt }) => {
    const { kind, ...detail } = metadata as { kind: AnomalyKind } & Record<string, unknown>;
    return { id, kind, detail, created_at: createdAt };
  });
}
