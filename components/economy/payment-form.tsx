"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
// The pure entry loads Stripe.js when a payment starts, not on import: a page of an org that never
// pays (or a deployment without Stripe) makes no request to js.stripe.com.
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { useEffect, useState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";

// Stripe's Payment Element: card details go from the browser to Stripe and never touch Brikk.
// Credits arrive when Stripe's webhook reports the payment succeeded, not when this form returns.

const loaded = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let pending = loaded.get(publishableKey);
  if (!pending) {
    pending = loadStripe(publishableKey);
    loaded.set(publishableKey, pending);
  }
  return pending;
}

export function PaymentForm({
  publishableKey,
  clientSecret,
  onSubmitted,
}: {
  publishableKey: string;
  clientSecret: string;
  onSubmitted: () => void;
}) {
  const [stripe, setStripe] = useState<Promise<Stripe | null> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    const pending = stripeFor(publishableKey);
    pending.then(
      (s) => (s ? setStripe(pending) : setLoadError("Stripe.js did not load.")),
      () => {
        loaded.delete(publishableKey);
        setLoadError(
          "Stripe.js could not be loaded from js.stripe.com. Check your connection and try again.",
        );
      },
    );
  }, [publishableKey]);

  if (loadError) return <ErrorAlert message={loadError} />;
  if (!stripe) return <p className="text-muted-foreground text-sm">Loading the secure payment form…</p>;
  return (
    <Elements stripe={stripe} options={{ clientSecret, appearance: { theme: "night" } }}>
      <ConfirmPayment onSubmitted={onSubmitted} />
    </Elements>
  );
}

function ConfirmPayment({ onSubmitted }: { onSubmitted: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setPending(true);
    setError(null);
    const result = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/app/economy?payment=returned` },
      redirect: "if_required",
    });
    setPending(false);
    if (result.error) setError(result.error.message ?? "The payment was not completed.");
    else onSubmitted();
  }

  return (
    <form onSubmit={pay} className="grid gap-3">
      <PaymentElement />
      <ErrorAlert message={error} />
      <PendingButton type="submit" pending={pending} pendingLabel="Paying…" disabled={!stripe}>
        Pay
      </PendingButton>
    </form>
  );
}
