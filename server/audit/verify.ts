import { and, asc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type AuditEvent, auditChainHeads, auditEvents } from "@/db/schema";
import { GENESIS_HASH, hashAuditRow } from "./chain";

export type ChainBreak = {
  seq: number;
  id: string | null;
  reason: "content_changed" | "link_broken" | "row_missing" | "head_mismatch";
};

export type ChainReport = {
  chain: string;
  ok: boolean;
  /** Rows whose hash and link were checked. */
  checked: number;
  /** Rows written before the chain existed (no seq): listed, not verifiable. */
  unchained: number;
  firstBreak: ChainBreak | null;
};

const PAGE = 1_000;

function expectedHash(row: AuditEvent): string {
  return hashAuditRow({
    id: row.id,
    chain: row.chain ?? "",
    seq: row.seq ?? 0,
    orgId: row.orgId,
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    metadata: row.metadata,
    createdAt: row.createdAt,
    prevHash: row.prevHash ?? "",
  });
}

/**
 * Walks a chain from its first row and reports the first link that does not hold: a row whose
 * content no longer matches its hash, a row that does not point at its predecessor, a gap in the
 * sequence (a deleted row), or a head that disagrees with the last row (rows cut off the end).
 */
export async function verifyAuditChain(db: DbOrTx, chain: string): Promise<ChainReport> {
  const orgFilter = chain === "platform" ? isNull(auditEvents.orgId) : eq(auditEvents.orgId, chain);
  const [legacy] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(orgFilter, isNull(auditEvents.seq)));
  const report = (checked: number, firstBreak: ChainBreak | null): ChainReport => ({
    chain,
    ok: firstBreak === null,
    checked,
    unchained: legacy?.n ?? 0,
    firstBreak,
  });

  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.chain, chain), isNotNull(auditEvents.seq), gt(auditEvents.seq, expectedSeq - 1)),
      )
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const row of rows) {
      const checked = expectedSeq - 1;
      if (row.seq !== expectedSeq)
        return report(checked, { seq: expectedSeq, id: null, reason: "row_missing" });
      if (row.prevHash !== previousHash)
        return report(checked, { seq: expectedSeq, id: row.id, reason: "link_broken" });
      if (row.hash !== expectedHash(row))
        return report(checked, { seq: expectedSeq, id: row.id, reason: "content_changed" });
      previousHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) break;
  }
  const checked = expectedSeq - 1;
  const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== checked || headHash !== previousHash) {
    return report(checked, {
      seq: checked + 1,
      id: null,
      reason: headSeq > checked ? "row_missing" : "head_mismatch",
    });
  }
  return report(checked, null);
}
