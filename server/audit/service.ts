import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/db/ids";
import { type AuditOutcome, auditChainHeads, auditEvents } from "@/db/schema";
import { type Actor, actorLabel } from "../context";
import { now } from "../platform/clock";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { currentRequestScope, type RequestScope } from "../platform/request-scope";
import { GENESIS_HASH, hashAuditRow, PLATFORM_CHAIN } from "./chain";

export type AuditInput = {
  orgId: string | null;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  outcome?: AuditOutcome;
  metadata?: Record<string, unknown>;
  /** Defaults to the request being served (see request-scope). */
  requestId?: string;
};

/**
 * Appends an audit row to its org's hash chain (or the platform chain). Call it with the
 * transaction that made the change, so both land or neither; it opens a savepoint of its own
 * because the chain head must be locked until the row commits, whoever the caller is.
 */
export async function recordAudit(db: DbOrTx, event: AuditInput): Promise<void> {
  await recordAudits(db, [{ ...event, scope: currentRequestScope() }]);
}

/**
 * Appends many audit rows at once (a group-committed batch of changes): each chain's head is
 * locked once, in chain order, the rows are hashed in sequence and written in one statement. Each
 * event brings the request scope it was made in: the batch runs in whichever request's started it.
 */
export async function recordAudits(
  db: DbOrTx,
  events: Array<AuditInput & { scope: RequestScope | undefined }>,
): Promise<void> {
  if (!getEnv().auditEnabled || events.length === 0) return;
  const chains = [...new Set(events.map((e) => e.orgId ?? PLATFORM_CHAIN))].sort();
  await db.transaction(async (tx) => {
    await tx
      .insert(auditChainHeads)
      .values(chains.map((chain) => ({ chain, seq: 0, hash: GENESIS_HASH })))
      .onConflictDoNothing({ target: auditChainHeads.chain });
    const locked = await tx
      .select({ chain: auditChainHeads.chain, seq: auditChainHeads.seq, hash: auditChainHeads.hash })
      .from(auditChainHeads)
      .where(inArray(auditChainHeads.chain, chains))
      .orderBy(auditChainHeads.chain)
      .for("update");
    const heads = new Map(locked.map((head) => [head.chain, { seq: head.seq, hash: head.hash }]));
    const rows = events.map(({ scope, ...event }) => {
      const chain = event.orgId ?? PLATFORM_CHAIN;
      const head = heads.get(chain);
      if (!head) throw new Error(`audit chain head ${chain} vanished`);
      const content = {
        id: newId("audit"),
        chain,
        seq: head.seq + 1,
        orgId: event.orgId,
        actor: actorLabel(event.actor),
        action: event.action,
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        outcome: event.outcome ?? "success",
        ip: scope?.ip ?? null,
        userAgent: scope?.userAgent?.slice(0, 512) ?? null,
        requestId: event.requestId ?? scope?.requestId ?? null,
        metadata: event.metadata ?? {},
        createdAt: now(),
        prevHash: head.hash,
      };
      const hash = hashAuditRow(content);
      heads.set(chain, { seq: content.seq, hash });
      return { ...content, hash };
    });
    await tx.insert(auditEvents).values(rows);
    await tx.execute(sql`
      update audit_chain_heads h set seq = v.seq, hash = v.hash, updated_at = now()
      from (values ${sql.join(
        [...heads].map(([chain, head]) => sql`(${chain}, ${head.seq}::bigint, ${head.hash})`),
        sql`, `,
      )}) as v(chain, seq, hash)
      where h.chain = v.chain`);
  });
}

/**
 * For events that are not part of a change (a rejected signature, a failed sign-in): written on
 * their own, and never allowed to turn the caller's 401 into a 500.
 */
export async function recordAuditQuietly(db: DbOrTx, event: AuditInput): Promise<void> {
  try {
    await recordAudit(db, event);
  } catch (error) {
    getLogger().error({ err: error, action: event.action }, "could not write an audit event");
  }
}
