import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type PaymentStatus, type StripePayment, stripePayments } from "@/db/schema";

/**
 * The payment row for a PaymentIntent, locked until the webhook's transaction ends, so two events
 * about one payment (a success and its refund, or a redelivery) are applied one after the other.
 */
export async function lockPaymentByIntent(tx: DbOrTx, paymentIntentId: string): Promise<StripePayment> {
  const [payment] = await tx
    .select()
    .from(stripePayments)
    .where(eq(stripePayments.paymentIntentId, paymentIntentId))
    .for("update");
  // Thrown, not ignored: the event is stored as failed and can be retried once the row exists.
  if (!payment) throw new Error(`no Brikk payment for PaymentIntent ${paymentIntentId}`);
  return payment;
}

export async function updatePayment(
  tx: DbOrTx,
  id: string,
  changes: Partial<
    Pick<
      StripePayment,
      "status" | "amountRefunded" | "creditsReversed" | "receiptUrl" | "failureMessage" | "succeededAt"
    >
  >,
): Promise<void> {
  await tx.update(stripePayments).set(changes).where(eq(stripePayments.id, id));
}

/** Refund states outrank success; success outranks pending and failed (a retried card can succeed). */
export function statusAfterRefund(payment: Pick<StripePayment, "amount" | "amountRefunded">): PaymentStatus {
  if (payment.amountRefunded <= 0n) return "succeeded";
  return payment.amountRefunded >= payment.amount ? "refunded" : "partially_refunded";
}
