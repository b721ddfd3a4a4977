import type Stripe from "stripe";
import type { DbOrTx } from "@/db/client";
import { recordAudit } from "../../audit/service";
import { STRIPE_CLEARING_ACCOUNT_ID } from "../../ledger/accounts";
import { creditOrg } from "../../ledger/flows";
import { formatMicroCredits, MICROS } from "../../platform/money";
import { lockPaymentByIntent, updatePayment } from "../payment-rows";
import { syncRefunds } from "../refunds";

/**
 * Credits the org for its top-up, exactly once: the transfer id is derived from the PaymentIntent,
 * so a redelivered or duplicated event posts nothing new. What the org owes is paid first.
 */
export async function onPaymentIntentSucceeded(tx: DbOrTx, event: Stripe.Event): Promise<void> {
  const intent = event.data.object as Stripe.PaymentIntent;
  const payment = await lockPaymentByIntent(tx, intent.id);
  const amountMicros = payment.credits * MICROS;
  const posted = await creditOrg(tx, {
    id: `topup:${intent.id}`,
    kind: "topup",
    orgId: payment.orgId,
    counterAccountId: STRIPE_CLEARING_ACCOUNT_ID,
    amountMicros,
    description: `Top-up: ${payment.credits} credits`,
    metadata: { payment_id: payment.id, payment_intent: intent.id, amount_cents: payment.amount.toString() },
  });
  const succeededAt = payment.succeededAt ?? new Date(event.created * 1000);
  await updatePayment(tx, payment.id, { status: "succeeded", succeededAt, failureMessage: null });
  // A refund that arrived before this success is applied now.
  await syncRefunds(tx, { ...payment, succeededAt, status: "succeeded" });
  if (posted.created) {
    await recordAudit(tx, {
      orgId: payment.orgId,
      actor: { type: "system" },
      action: "billing.topup_succeeded",
      target: { type: "payment", id: payment.id },
      metadata: {
        credits: formatMicroCredits(amountMicros),
        amount_cents: payment.amount.toString(),
        settled_debt: formatMicroCredits(posted.settledDebtMicros),
        event_id: event.id,
      },
    });
  }
}
