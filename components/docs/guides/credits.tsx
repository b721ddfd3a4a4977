import { CodeBlock, InlineText, Section } from "../prose";

const BALANCE = `curl -s http://localhost:3000/api/v1/billing/balance -H "Authorization: Bearer $BRIKK_API_KEY"
# { "balance": "98.000000", "reserved": "0.000000", "available": "98.000000", "owed": "0.000000", … }`;

const TOPUP = `curl -s http://localhost:3000/api/v1/billing/topup \\
  -H "Authorization: Bearer $BRIKK_MANAGEMENT_KEY" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: $(uuidgen)" -d '{"credits":500}'
# 201 { "payment_id": "pay_…", "client_secret": "pi_…_secret_…", "publishable_key": "pk_…", … }`;

const CONFIRM = `import { loadStripe } from "@stripe/stripe-js";

const stripe = await loadStripe(topup.publishable_key);
const elements = stripe.elements({ clientSecret: topup.client_secret });
elements.create("payment").mount("#payment");
// on submit:
await stripe.confirmPayment({ elements, confirmParams: { return_url: location.href } });`;

export function CreditsGuide() {
  return (
    <>
      <Section id="ledger" title="Credits and the ledger">
        <p>
          <InlineText text="Every organization has a credits account in a double-entry ledger: amounts are exact (1 credit = 1,000,000 micro-credits, integers only, shown as decimal strings with six decimals), every transfer balances, and a balance can never go negative. A new organization starts with `BRIKK_SIGNUP_CREDITS` (100)." />
        </p>
        <p>
          <InlineText text="Each operation's `x-brikk-credits` in the reference says what it costs. `POST /api/v1/echo` costs `CREDITS_PER_API_CALL` (1), `POST /api/v1/coordination/echo` `CREDITS_PER_WORKFLOW_EXECUTION` (10), each plus `CREDITS_PER_MB` (0.1) per MB of request and response. A chat completion costs `CREDITS_PER_API_CALL` plus its token cost in USD × `CREDITS_PER_USD` (100: a credit per cent); its worst case is held (`reserved`) before the call and the actual cost settled after it. Management, reads and health checks are free." />
        </p>
        <p>
          <InlineText text="A paid call that the available credits do not cover gets 402 `insufficient_credits` with `balance` and `required`, and does nothing." />
        </p>
        <CodeBlock label="Read the balance (any key of the org)" code={BALANCE} />
        <p>
          <InlineText text="`GET /api/v1/billing/transactions` lists the history (grants, top-ups, charges, refunds) with filters; `GET /api/v1/billing/payments` the Stripe top-ups." />
        </p>
      </Section>
      <Section id="topups" title="Top-ups with Stripe">
        <ol className="list-decimal space-y-2 ps-6">
          <li>
            <InlineText text="An owner or admin (or a management key with `billing:write`) asks for a top-up: `POST /api/v1/billing/topup` with `credits` between `BRIKK_TOPUP_MIN_CREDITS` and `BRIKK_TOPUP_MAX_CREDITS`, priced at `CREDIT_PRICE_USD_CENTS` each. Brikk creates a Stripe PaymentIntent and answers its `client_secret` with the publishable key." />
          </li>
          <li>
            <InlineText text="The browser confirms the payment with Stripe.js (the dashboard's economy page does exactly this)." />
          </li>
          <li>
            <InlineText text="Stripe calls `POST /api/v1/billing/webhooks/stripe`, signed with `STRIPE_WEBHOOK_SECRET`; the credits are added exactly once however often the event is delivered." />
          </li>
          <li>
            <InlineText text="A refund takes the refunded share of the credits back; credits already spent become `owed`, paid calls are refused until it is repaid, and the next top-up pays it first." />
          </li>
        </ol>
        <CodeBlock label="1. Ask for a top-up" code={TOPUP} />
        <CodeBlock label="2. Confirm it in the browser" code={CONFIRM} />
      </Section>
    </>
  );
}
