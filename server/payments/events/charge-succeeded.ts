import type Stripe from "stripe";
import type { DbOrTx } from "@/db/client";
import { lockPaymentByIntent, updatePayment } from "../payment-rows";

/** Keeps Stripe's receipt URL for the payment's receipt page. Credits move on payment_intent.succeeded. */
export async function onChargeSucceeded(tx: DbOrTx, event: Stripe.Event): Promise<void> {
  const charge = event.data.object as Stripe.Charge;
  const intentId =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId || !charge.receipt_url) return;
  const payment = await lockPaymentByIntent(tx, intentId);
  await updatePayment(tx, payment.id, { receiptUrl: charge.receipt_url });
}
