"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { BALANCE_POLL_MS } from "./balance-card";
import { customCreditsError, formatUsd } from "./economy-figures";
import { PaymentForm } from "./payment-form";

type Started = {
  payment_id: string;
  client_secret: string;
  publishable_key: string;
  credits: number;
  amount: number;
};

export function TopupCard({ canTopUp }: { canTopUp: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.payments.options.queryOptions());
  const [custom, setCustom] = useState("");
  const [started, setStarted] = useState<Started | null>(null);
  const [submitted, setSubmitted] = useState(false);
  // While a payment is open, watch it: the webhook, not this page, decides when it succeeded.
  const recent = useQuery({
    ...trpc.payments.list.queryOptions({ limit: 5 }),
    enabled: started !== null,
    refetchInterval: BALANCE_POLL_MS,
  });
  const outcome = started ? recent.data?.data.find((p) => p.id === started.payment_id)?.status : undefined;
  const settled = outcome === "succeeded" || outcome === "failed";
  const topup = useMutation(
    trpc.payments.topup.mutationOptions({
      onSuccess: (data) => {
        setStarted(data);
        setSubmitted(false);
        void queryClient.invalidateQueries({ queryKey: trpc.payments.list.pathKey() });
      },
    }),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Top up</CardTitle>
        <CardDescription>
          {options.data
            ? `1 credit = ${formatUsd(options.data.price_cents_per_credit)}. Paid by card through Stripe.`
            : "Buy credits by card through Stripe."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {options.isPending ? <Skeleton className="h-20" aria-label="Loading top-up options" /> : null}
        <ErrorAlert message={options.error?.message} />
        {options.data && !options.data.configured ? (
          <Alert>
            <AlertTitle>Stripe is not configured</AlertTitle>
            <AlertDescription>
              This server has no Stripe keys (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY), so credits cannot be
              bought here. A platform admin can grant credits instead.
            </AlertDescription>
          </Alert>
        ) : null}
        {options.data?.configured && !canTopUp ? (
          <p className="text-muted-foreground text-sm">
            Only owners and admins of this organization can top up.
          </p>
        ) : null}
        {options.data?.configured && canTopUp ? (
          <TopupChoices
            presets={options.data.presets}
            min={options.data.min_credits}
            max={options.data.max_credits}
            priceCents={options.data.price_cents_per_credit}
            custom={custom}
            onCustomChange={setCustom}
            pending={topup.isPending}
            onChoose={(credits) => topup.mutate({ credits })}
          />
        ) : null}
        <ErrorAlert message={topup.error?.message} />
        {started && settled ? (
          <Alert variant={outcome === "failed" ? "destructive" : "default"} role="status">
            <AlertTitle>
              {outcome === "succeeded"
                ? `Payment received: ${started.credits.toLocaleString("en")} credits added`
                : "The payment failed"}
            </AlertTitle>
            <AlertDescription>
              <Button variant="link" className="h-auto p-0" onClick={() => setStarted(null)}>
                {outcome === "succeeded" ? "Done" : "Try again"}
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}
        {started && !settled && !submitted ? (
          <div className="grid gap-3 rounded-md border p-3" data-testid="payment-step">
            <p className="text-sm">
              Paying {formatUsd(started.amount)} for {started.credits.toLocaleString("en")} credits
            </p>
            <PaymentForm
              publishableKey={started.publishable_key}
              clientSecret={started.client_secret}
              onSubmitted={() => setSubmitted(true)}
            />
            <Button variant="ghost" size="sm" onClick={() => setStarted(null)}>
              Cancel
            </Button>
          </div>
        ) : null}
        {started && !settled && submitted ? (
          <p role="status" className="text-sm">
            Payment submitted. Your credits appear as soon as Stripe confirms it.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

function TopupChoices(props: {
  presets: number[];
  min: number;
  max: number;
  priceCents: number;
  custom: string;
  onCustomChange: (value: string) => void;
  pending: boolean;
  onChoose: (credits: number) => void;
}) {
  const customError = props.custom ? customCreditsError(props.custom, props.min, props.max) : null;
  return (
    <div className="grid gap-3">
      <div className="grid grid-cols-3 gap-2">
        {props.presets.map((credits) => (
          <Button
            key={credits}
            variant="outline"
            disabled={props.pending}
            onClick={() => props.onChoose(credits)}
          >
            +{credits.toLocaleString("en")}
          </Button>
        ))}
      </div>
      <form
        className="grid gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!customError && props.custom) props.onChoose(Number(props.custom));
        }}
      >
        <Label htmlFor="topup-custom">Custom amount (credits)</Label>
        <div className="flex gap-2">
          <Input
            id="topup-custom"
            inputMode="numeric"
            placeholder={`${props.min}–${props.max}`}
            value={props.custom}
            onChange={(e) => props.onCustomChange(e.target.value)}
            aria-invalid={customError ? true : undefined}
            aria-describedby="topup-custom-hint"
          />
          <PendingButton
            type="submit"
            pending={props.pending}
            disabled={!props.custom || customError !== null}
          >
            Buy
          </PendingButton>
        </div>
        <p
          id="topup-custom-hint"
          className={customError ? "text-destructive text-xs" : "text-muted-foreground text-xs"}
        >
          {customError ??
            (props.custom
              ? `${formatUsd(Number(props.custom) * props.priceCents)}`
              : "Whole credits within the limits")}
        </p>
      </form>
    </div>
  );
}
