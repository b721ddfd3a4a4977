import type Stripe from "stripe";
import type { DbOrTx } from "@/db/client";
import { recordAudit } from "../../audit/service";
import { bigMax, formatMicroCredits } from "../../platform/money";
import { lockPaymentByIntent, updatePayment } from "../payment-rows";
import { syncRefunds } from "../refunds";

/** Takes back the refunded share of a top-up (see refunds.ts); spent credits become debt. */
export async function onChargeRefunded(tx: DbOrTx, event: Stripe.Event): Promise<void> {
  const charge = event.data.object as Stripe.Charge;
  const intentId =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId) return; // a charge made outside PaymentIntents is not a Brikk top-up
  const payment = await lockPaymentByIntent(tx, intentId);
  const refunded = BigInt(charge.amount_refunded);
  // Cumulative: an older, smaller figure arriving late never lowers what is recorded.
  const amountRefunded = bigMax(refunded, payment.amountRefunded);
  await updatePayment(tx, payment.id, {
    amountRefunded,
    receiptUrl: charge.receipt_url ?? payment.receiptUrl,
  });
  const reversed = await syncRefunds(tx, { ...payment, amountRefunded });
  if (reversed > 0n) {
    await recordAudit(tx, {
      orgId: payment.orgId,
      actor: { type: "system" },
      action: "billing.topup_refunded",
      target: { type: "payment", id: payment.id },
      metadata: {
        refunded_cents: amountRefunded.toString(),
        credits_reversed: formatMicroCredits(reversed),
        event_id: event.id,
      },
    });
  }
}
