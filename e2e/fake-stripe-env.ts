/** The fake Stripe the e2e app is pointed at (see test/fake-stripe.ts); e2e/economy.spec.ts plays the bank. */
export const FAKE_STRIPE_PORT = 12_199;
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e_secret";
