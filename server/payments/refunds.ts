import type { DbOrTx } from "@/db/client";
import type { StripePayment } from "@/db/schema";
import { STRIPE_CLEARING_ACCOUNT_ID } from "../ledger/accounts";
import { debitOrgIntoDebt } from "../ledger/flows";
import { bigMax, MICROS } from "../platform/money";
import { statusAfterRefund, updatePayment } from "./payment-rows";

// Stripe reports refunds cumulatively (charge.amount_refunded). The ledger follows: credits taken
// back so far = the refunded share of the credits bought, and each sync posts only the difference,
// under a transfer id naming the cumulative amount. Repeated, late or out-of-order refund events
// therefore converge on the same balances; a refund seen before the payment succeeded is applied
// when the success arrives (nothing was credited yet, so nothing could be taken back).

/** Micro-credits that `amountRefunded` cents of this payment stand for (rounded down). */
export function creditsForRefund(payment: Pick<StripePayment, "amount" | "credits">, cents: bigint): bigint {
  if (payment.amount <= 0n) return 0n;
  const capped = cents > payment.amount ? payment.amount : cents;
  return (capped * payment.credits * MICROS) / payment.amount;
}

/** Brings the ledger in line with what Stripe has refunded; call with the payment row locked. */
export async function syncRefunds(tx: DbOrTx, payment: StripePayment): Promise<bigint> {
  if (!payment.succeededAt) return 0n;
  const target = creditsForRefund(payment, payment.amountRefunded);
  const delta = target - payment.creditsReversed;
  if (delta > 0n) {
    await debitOrgIntoDebt(tx, {
      id: `refund:${payment.paymentIntentId}:${payment.amountRefunded}`,
      kind: "refund",
      orgId: payment.orgId,
      counterAccountId: STRIPE_CLEARING_ACCOUNT_ID,
      amountMicros: delta,
      description: `Refund of ${payment.amountRefunded} of ${payment.amount} cents`,
      metadata: { payment_id: payment.id, payment_intent: payment.paymentIntentId },
    });
  }
  await updatePayment(tx, payment.id, {
    creditsReversed: bigMax(target, payment.creditsReversed),
    status: statusAfterRefund(payment),
  });
  return delta > 0n ? delta : 0n;
}
