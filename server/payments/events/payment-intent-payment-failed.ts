import type Stripe from "stripe";
import type { DbOrTx } from "@/db/client";
import { recordAudit } from "../../audit/service";
import { flagFailedPaymentBurst } from "../../billing/anomalies";
import { lockPaymentByIntent, updatePayment } from "../payment-rows";

/**
 * Marks a pending top-up as failed. A failure reported after the payment succeeded (events
 * arrive out of order) changes nothing: money that arrived stays credited.
 */
export async function onPaymentIntentPaymentFailed(tx: DbOrTx, event: Stripe.Event): Promise<void> {
  const intent = event.data.object as Stripe.PaymentIntent;
  const payment = await lockPaymentByIntent(tx, intent.id);
  if (payment.succeededAt) return;
  const reason = intent.last_payment_error?.message ?? "The payment failed";
  await updatePayment(tx, payment.id, { status: "failed", failureMessage: reason.slice(0, 500) });
  await recordAudit(tx, {
    orgId: payment.orgId,
    actor: { type: "system" },
    action: "billing.payment_failed",
    outcome: "failure",
    target: { type: "payment", id: payment.id },
    metadata: { reason: reason.slice(0, 200), event_id: event.id },
  });
  await flagFailedPaymentBurst(tx, payment.orgId);
}
