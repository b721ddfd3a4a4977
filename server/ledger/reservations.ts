import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgErrorOf } from "@/db/pg-error";
import { type LedgerReservation, ledgerAccounts, ledgerReservations } from "@/db/schema";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { nowMs } from "../platform/clock";
import { getEnv } from "../platform/env";
import { bigMin, formatMicroCredits } from "../platform/money";
import { customerAccountId, pickRevenueShard } from "./accounts";
import { settleDebtFromCredits } from "./flows";
import { postTransfer } from "./transfer";
import { insertUsageEvent, type UsageEventRow } from "./usage-events";

// Reservations hold credits for a call whose price is only known once it has run (an LLM call
// priced by its tokens). Reserving raises `reserved` on the org's account; the account's CHECK
// (balance - reserved >= 0) refuses a hold the org cannot cover, exactly as it refuses a charge.
// Settling charges the actual amount (never more than the hold) and drops the hold in one
// transaction; a hold nobody settles expires and the job below lets it go.

export type ReserveInput = {
  id: string;
  orgId: string;
  amountMicros: bigint;
  description: string;
  ttlSeconds?: number;
};

export async function reserveCredits(db: DbOrTx, input: ReserveInput): Promise<LedgerReservation> {
  if (input.amountMicros <= 0n) throw new Error("a reservation must be positive");
  const accountId = customerAccountId(input.orgId);
  const ttl = input.ttlSeconds ?? getEnv().reservationTtlSeconds;
  try {
    return await db.transaction(async (tx) => {
      const [reservation] = await tx
        .insert(ledgerReservations)
        .values({
          id: input.id,
          orgId: input.orgId,
          accountId,
          amount: input.amountMicros,
          description: input.description,
          expiresAt: new Date(nowMs() + ttl * 1000),
        })
        .returning();
      const moved = await tx
        .update(ledgerAccounts)
        .set({ reserved: sql`${ledgerAccounts.reserved} + ${input.amountMicros}` })
        .where(eq(ledgerAccounts.id, accountId))
        .returning({ id: ledgerAccounts.id });
      if (!reservation || moved.length === 0) throw new Error(`no credit account for ${input.orgId}`);
      return reservation;
    });
  } catch (error) {
    const pg = pgErrorOf(error);
    if (pg.code === "23514" && pg.constraint === "ledger_accounts_customer_not_negative") {
      const [account] = await db
        .select({ balance: ledgerAccounts.balance, reserved: ledgerAccounts.reserved })
        .from(ledgerAccounts)
        .where(eq(ledgerAccounts.id, accountId));
      const available = account ? account.balance - account.reserved : 0n;
      throw new AppError(
        "insufficient_credits",
        `This call may cost up to ${formatMicroCredits(input.amountMicros)} credits; ${formatMicroCredits(available)} are available`,
        { balance: formatMicroCredits(available), required: formatMicroCredits(input.amountMicros) },
      );
    }
    throw error;
  }
}

/** Takes the hold off an open reservation; returns it, or null when it was no longer held. */
async function closeHold(
  tx: DbOrTx,
  id: string,
  status: "settled" | "released" | "expired",
  transferId: string | null,
): Promise<LedgerReservation | null> {
  const [closed] = await tx
    .update(ledgerReservations)
    .set({ status, transferId, closedAt: new Date(nowMs()) })
    .where(and(eq(ledgerReservations.id, id), eq(ledgerReservations.status, "held")))
    .returning();
  if (!closed) return null;
  await tx
    .update(ledgerAccounts)
    .set({ reserved: sql`${ledgerAccounts.reserved} - ${closed.amount}` })
    .where(eq(ledgerAccounts.id, closed.accountId));
  return closed;
}

export type SettleInput = {
  id: string;
  actualMicros: bigint;
  metadata?: Record<string, unknown>;
  /** The call's usage event, written in the settlement's commit with the credits it was charged. */
  usageEvent?: UsageEventRow;
};

/**
 * Charges what the call actually cost (capped at the hold) and releases the rest. A reservation
 * that already expired is charged as a plain usage transfer, which may then fail for lack of
 * credits: the call ran past its hold. Settling twice is a no-op.
 */
export async function settleReservation(
  db: DbOrTx,
  input: SettleInput,
): Promise<{ chargedMicros: bigint; status: string }> {
  const transferId = `usage:${input.id}`;
  const result = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, input.id))
      .for("update");
    if (!current) throw new Error(`reservation ${input.id} does not exist`);
    if (current.status === "settled") return { chargedMicros: 0n, status: "settled", orgId: current.orgId };
    const charge = bigMin(input.actualMicros, current.amount);
    if (current.status === "held") await closeHold(tx, input.id, "settled", charge > 0n ? transferId : null);
    if (charge > 0n) {
      await postTransfer(tx, {
        id: transferId,
        kind: "usage",
        orgId: current.orgId,
        description: current.description,
        metadata: {
          ...input.metadata,
          reservation_id: input.id,
          reserved: formatMicroCredits(current.amount),
        },
        entries: [
          { accountId: current.accountId, amount: -charge },
          { accountId: pickRevenueShard(), amount: charge },
        ],
      });
    }
    if (input.usageEvent) await insertUsageEvent(tx, { ...input.usageEvent, creditsMicros: charge });
    return { chargedMicros: charge, status: "settled", orgId: current.orgId };
  });
  await settleDebtFromCredits(db, result.orgId, `debt:${input.id}`);
  return { chargedMicros: result.chargedMicros, status: result.status };
}

/**
 * Lets go of a hold without charging (the call failed before it cost anything), with the call's
 * usage event in the same commit.
 */
export async function releaseReservation(
  db: DbOrTx,
  id: string,
  usageEvent?: UsageEventRow,
): Promise<boolean> {
  const closed = await db.transaction(async (tx) => {
    const held = await closeHold(tx, id, "released", null);
    if (usageEvent) await insertUsageEvent(tx, usageEvent);
    return held;
  });
  if (closed) await settleDebtFromCredits(db, closed.orgId, `debt:${id}`);
  return closed !== null;
}

/** The job: expire every hold past its time and give the credits back. */
export async function expireReservations({ ctx }: { ctx: ServiceContext }): Promise<{ expired: number }> {
  const db = ctx.db;
  const due = await db
    .select({ id: ledgerReservations.id })
    .from(ledgerReservations)
    .where(and(eq(ledgerReservations.status, "held"), lt(ledgerReservations.expiresAt, new Date(nowMs()))))
    .limit(1000);
  let expired = 0;
  for (const { id } of due) {
    const closed = await db.transaction((tx) => closeHold(tx, id, "expired", null));
    if (closed) {
      expired++;
      await settleDebtFromCredits(db, closed.orgId, `debt:${id}`);
    }
  }
  return { expired };
}
