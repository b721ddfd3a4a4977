import type { DbOrTx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { type Actor, actorLabel } from "../context";

export type AuditInput = {
  orgId: string | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
  requestId?: string;
};

/** Writes an audit row. Call it with the transaction that made the change, so both land or neither. */
export async function recordAudit(db: DbOrTx, event: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    orgId: event.orgId,
    actor: actorLabel(event.actor),
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    metadata: event.metadata ?? {},
    requestId: event.requestId ?? null,
  });
}
