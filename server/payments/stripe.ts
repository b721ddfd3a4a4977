import Stripe from "stripe";
import { AppError } from "../errors";
import { getEnv } from "../platform/env";

// The Stripe SDK client, built once from the environment. STRIPE_API_URL points it elsewhere
// (tests run a fake Stripe on 127.0.0.1); in production it is unset and the SDK talks to Stripe.

type StripeConfig = NonNullable<ReturnType<typeof getEnv>["stripe"]>;

const CLIENT_KEY = Symbol.for("brikk.stripe");
type Holder = { [CLIENT_KEY]?: { config: StripeConfig; client: Stripe } };

export function stripeConfig(): StripeConfig | null {
  return getEnv().stripe;
}

export function requireStripeConfig(): StripeConfig {
  const config = stripeConfig();
  if (!config) {
    throw new AppError(
      "service_unavailable",
      "Stripe is not configured on this server (STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY)",
    );
  }
  return config;
}

export function stripeClient(): Stripe {
  const config = requireStripeConfig();
  const holder = globalThis as Holder;
  const cached = holder[CLIENT_KEY];
  if (cached?.config === config) return cached.client;
  const target = config.apiUrl ? new URL(config.apiUrl) : null;
  const client = new Stripe(config.secretKey, {
    // The SDK retries network failures and 409/5xx with the same Idempotency-Key.
    maxNetworkRetries: 2,
    timeout: config.timeoutMs,
    telemetry: false,
    ...(target
      ? {
          host: target.hostname,
          port: target.port || (target.protocol === "https:" ? 443 : 80),
          protocol: target.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  holder[CLIENT_KEY] = { config, client };
  return client;
}

/**
 * What a caller is told when Stripe fails after the SDK's retries: Stripe being slow or down is a
 * 503 to retry (nothing was created or charged); Stripe refusing Brikk's key is the operator's to
 * fix (502). Anything else (a malformed request, an idempotency clash) is a bug: rethrown as is.
 */
export function stripeFailure(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new AppError("provider_auth_error", "Stripe rejected this server's API key; tell the operator");
  }
  if (
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeConnectionError
  ) {
    return new AppError(
      "service_unavailable",
      "Stripe did not answer in time; nothing was charged. Retry in a few seconds.",
      { retryAfter: 5 },
    );
  }
  return error;
}
