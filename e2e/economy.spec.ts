import { FAKE_STRIPE_PORT } from "./fake-stripe-env";
import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

const FAKE_STRIPE = `http://127.0.0.1:${FAKE_STRIPE_PORT}`;

test("top up through (fake) Stripe, see the credits arrive, print the receipt", async ({ page, request }) => {
  await signUp(page, uniqueEmail("economy"), "Erin");
  await page.getByRole("link", { name: "Economy" }).first().click();
  await expect(page.getByTestId("credit-balance")).toHaveText("100");
  await expect(page.getByText("No payments yet.")).toBeVisible();

  // Start a 500-credit top-up: the server creates a PaymentIntent at the fake Stripe.
  await page.getByRole("button", { name: "+500" }).click();
  await expect(page.getByTestId("payment-step")).toContainText("Paying $5.00 for 500 credits");
  // Stripe.js itself cannot load offline; the page says so instead of pretending.
  await expect(page.getByText(/Stripe\.js could not be loaded/)).toBeVisible();
  await expect(page.getByText("awaiting payment")).toBeVisible();

  // Play the bank: the payment succeeds and Stripe sends its signed webhooks to the app.
  const intents = await (await request.get(`${FAKE_STRIPE}/_fake/payment_intents`)).json();
  const intent = intents.data[0];
  expect(intent).toMatchObject({ amount: 500, currency: "usd", metadata: { credits: "500" } });
  const paid = await request.post(`${FAKE_STRIPE}/_fake/payment_intents/${intent.id}/succeed`);
  const { deliveries } = await paid.json();
  expect(deliveries.map((d: { status: number }) => d.status)).toEqual([200, 200]);

  // The balance refreshes by itself; the payment has a receipt.
  await expect(page.getByTestId("credit-balance")).toHaveText("600", { timeout: 15_000 });
  await expect(page.getByText("succeeded", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("cell", { name: "Top-up: 500 credits" })).toBeVisible();
  await expect(page.getByText("Payment received: 500 credits added")).toBeVisible();
  await snap(page, "economy");

  await page.getByRole("link", { name: "Receipt", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(page.getByText(intent.id)).toBeVisible();
  await expect(page.getByRole("cell", { name: "$5.00" }).first()).toBeVisible();
  await snap(page, "receipt");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Economy" })).toBeHidden();
  await snap(page, "receipt-print");
  await page.emulateMedia({ media: "screen" });

  // A partial refund takes the credits back; the ledger still balances.
  await request.post(`${FAKE_STRIPE}/_fake/payment_intents/${intent.id}/refund`, { data: { amount: 200 } });
  await page.goto("/app/economy");
  await expect(page.getByTestId("credit-balance")).toHaveText("400");
  await expect(page.getByText("partially refunded")).toBeVisible();
});

test("custom amounts are checked before anything is sent", async ({ page }) => {
  await signUp(page, uniqueEmail("custom"), "Cass");
  await page.goto("/app/economy");
  await page.getByLabel("Custom amount (credits)").fill("10");
  await expect(page.getByText("At least 50 credits")).toBeVisible();
  await expect(page.getByRole("button", { name: "Buy" })).toBeDisabled();
  await page.getByLabel("Custom amount (credits)").fill("250");
  await expect(page.getByText("$2.50")).toBeVisible();
  await expect(page.getByRole("button", { name: "Buy" })).toBeEnabled();
});
