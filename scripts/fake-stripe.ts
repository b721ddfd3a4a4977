// npm run fake:stripe -- [--port 12111] [--webhook http://127.0.0.1:3000/api/v1/billing/webhooks/stripe]
// Runs the test suite's fake Stripe on 127.0.0.1 so the app can be tried end to end offline: start
// the app with STRIPE_API_URL=http://127.0.0.1:12111 and the same STRIPE_WEBHOOK_SECRET, top up in
// the dashboard, then play the bank:
//   curl -X POST http://127.0.0.1:12111/_fake/payment_intents/pi_…/succeed
//   curl -X POST http://127.0.0.1:12111/_fake/payment_intents/pi_…/refund -d '{"amount":200}'
import { parseArgs } from "node:util";
import { FakeStripe } from "@/test/fake-stripe";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "12111" },
    webhook: { type: "string", default: "http://127.0.0.1:3000/api/v1/billing/webhooks/stripe" },
  },
});
const secret = process.env.STRIPE_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set STRIPE_WEBHOOK_SECRET (the same value the app uses) so webhooks verify.");
  process.exit(2);
}
const fake = await new FakeStripe({
  port: Number(values.port),
  webhookUrl: values.webhook,
  webhookSecret: secret,
}).start();
console.info(`fake Stripe on ${fake.url}; webhooks go to ${values.webhook}`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void fake.stop().then(() => process.exit(0)));
