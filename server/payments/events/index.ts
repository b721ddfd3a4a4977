import type Stripe from "stripe";
import type { DbOrTx } from "@/db/client";
import { onChargeRefunded } from "./charge-refunded";
import { onChargeSucceeded } from "./charge-succeeded";
import { onPaymentIntentPaymentFailed } from "./payment-intent-payment-failed";
import { onPaymentIntentSucceeded } from "./payment-intent-succeeded";

export type EventHandler = (tx: DbOrTx, event: Stripe.Event) => Promise<void>;

/** The events Brikk acts on; every other verified event is stored and acknowledged. */
export const EVENT_HANDLERS: Partial<Record<string, EventHandler>> = {
  "payment_intent.succeeded": onPaymentIntentSucceeded,
  "payment_intent.payment_failed": onPaymentIntentPaymentFailed,
  "charge.succeeded": onChargeSucceeded,
  "charge.refunded": onChargeRefunded,
};

/** The PaymentIntent an event is about, for the event log. */
export function paymentIntentIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: unknown };
  if (object.object === "payment_intent" && typeof object.id === "string") return object.id;
  const intent = object.payment_intent;
  if (typeof intent === "string") return intent;
  if (intent && typeof intent === "object" && "id" in intent && typeof intent.id === "string")
    return intent.id;
  return null;
}
