// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setPlatformAdmin } from "@/server/auth/service";
import { flagFailedPaymentBurst } from "@/server/billing/anomalies";
import { STRIPE_CLEARING_ACCOUNT_ID } from "@/server/ledger/accounts";
import { charge } from "@/server/ledger/charge";
import { debitOrgIntoDebt } from "@/server/ledger/flows";
import { setEnvForTests } from "@/server/platform/env";
import { withTestDb } from "@/test/db";
import { addMember, createUser } from "@/test/factories";
import { FakeStripe } from "@/test/fake-stripe";
import { renderWithTRPC } from "@/test/render";
import { AdminTools } from "./admin-tools";
import { AnomalyAlerts } from "./anomaly-alerts";
import { BalanceCard } from "./balance-card";
import { EconomyDashboard } from "./economy-dashboard";
import {
  customCreditsError,
  formatCredits,
  formatUsd,
  microsOf,
  spendingTrend,
  usageChartRows,
} from "./economy-figures";
import { Receipt } from "./receipt";

const t = withTestDb();
const stripe = new FakeStripe();
beforeAll(() => stripe.start());
afterAll(() => stripe.stop());
afterEach(cleanup);

function configureStripe() {
  setEnvForTests({
    STRIPE_SECRET_KEY: "sk_test_ui",
    STRIPE_PUBLISHABLE_KEY: "pk_test_ui",
    STRIPE_WEBHOOK_SECRET: "whsec_ui",
    STRIPE_API_URL: stripe.url,
  });
}

describe("economy figures", () => {
  it("formats exact credit strings without floats", () => {
    expect(formatCredits("1234567.500000")).toBe("1,234,567.5");
    expect(formatCredits("100.000000")).toBe("100");
    expect(formatCredits("-0.000100")).toBe("-0.0001");
    expect(formatCredits("not a number")).toBe("not a number");
    expect(microsOf("-1.5")).toBe(-1_500_000n);
    expect(microsOf("0.0000019")).toBe(1n);
    expect(formatUsd(1250)).toBe("$12.50");
    expect(formatUsd(100_000_00)).toBe("$100,000.00");
  });

  it("compares today's spending with the average of the six days before", () => {
    expect(spendingTrend("10.000000", "10.000000")).toBeNull(); // all of it today: no baseline
    expect(spendingTrend("20.000000", "80.000000")).toEqual({ direction: "up", percent: 100 });
    expect(spendingTrend("5.000000", "65.000000")).toEqual({ direction: "down", percent: 50 });
    expect(spendingTrend("10.050000", "70.050000")).toEqual({ direction: "flat", percent: 0 });
  });

  it("builds one chart row per day with a numeric field per service", () => {
    const { rows, services } = usageChartRows([
      { day: "2026-11-21", by_service: { workflow: "10.000100" } },
      { day: "2026-11-22", by_service: { api_call: "2.000000", workflow: "20.000000" } },
    ]);
    expect(services).toEqual(["api_call", "workflow"]);
    expect(rows[0]).toMatchObject({ day: "2026-11-21", label: "Nov 21", api_call: 0, workflow: 10.0001 });
    expect(rows[1]).toMatchObject({ api_call: 2, workflow: 20 });
  });

  it("checks a custom top-up against the bounds", () => {
    expect(customCreditsError("12.5", 50, 1000)).toBe("Enter a whole number of credits");
    expect(customCreditsError("10", 50, 1000)).toBe("At least 50 credits");
    expect(customCreditsError("5000", 50, 1000)).toBe("At most 1,000 credits");
    expect(customCreditsError("250", 50, 1000)).toBeNull();
  });
});

describe("EconomyDashboard", () => {
  it("shows an owner the balance, history and that Stripe is not configured", async () => {
    const owner = await createUser(t.db);
    renderWithTRPC(<EconomyDashboard />, { cookie: owner.cookie });
    expect((await screen.findByTestId("credit-balance")).textContent).toBe("100");
    expect(await screen.findByText("Stripe is not configured")).toBeTruthy();
    expect(await screen.findByText("Sign-up credits")).toBeTruthy();
    expect(await screen.findByText("No payments yet.")).toBeTruthy();
    expect(screen.queryByText("Grant credits")).toBeNull();
  });

  it("starts a top-up at Stripe for an owner, and keeps members to reading", async () => {
    configureStripe();
    const owner = await createUser(t.db);
    renderWithTRPC(<EconomyDashboard />, { cookie: owner.cookie });
    fireEvent.click(await screen.findByRole("button", { name: "+100" }));
    expect((await screen.findByTestId("payment-step")).textContent).toContain("Paying $1.00 for 100 credits");
    expect(await screen.findByText("awaiting payment")).toBeTruthy();
    cleanup();

    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    renderWithTRPC(<EconomyDashboard />, { cookie: `${member.cookie}; brikk_org=${owner.orgId}` });
    expect(await screen.findByText("Only owners and admins of this organization can top up.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "+100" })).toBeNull();
    expect(screen.queryByText("Payments")).toBeNull();
  });

  it("validates a custom amount before sending it", async () => {
    configureStripe();
    const owner = await createUser(t.db);
    renderWithTRPC(<EconomyDashboard />, { cookie: owner.cookie });
    const input = await screen.findByLabelText("Custom amount (credits)");
    fireEvent.change(input, { target: { value: "10" } });
    expect(screen.getByText("At least 50 credits")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Buy" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: "250" } });
    expect(screen.getByText("$2.50")).toBeTruthy();
  });
});

describe("BalanceCard", () => {
  it("shows spending and warns when credits are owed", async () => {
    const owner = await createUser(t.db);
    await charge({
      orgId: owner.orgId,
      callId: `ui-${owner.orgId}`,
      price: {
        service: "api_call",
        bytes: 0,
        baseMicros: 30_000_000n,
        dataMicros: 0n,
        totalMicros: 30_000_000n,
      },
      route: "/api/v1/echo",
    });
    await debitOrgIntoDebt(t.db, {
      id: `refund:ui-${owner.orgId}`,
      kind: "refund",
      orgId: owner.orgId,
      counterAccountId: STRIPE_CLEARING_ACCOUNT_ID,
      amountMicros: 80_000_000n,
      description: "refund",
    });
    renderWithTRPC(<BalanceCard />, { cookie: owner.cookie });
    expect(await screen.findByText("10 credits owed")).toBeTruthy();
    expect((await screen.findByTestId("credit-balance")).textContent).toBe("0");
    expect(screen.getByText("30")).toBeTruthy(); // spent today
  });
});

describe("AnomalyAlerts", () => {
  it("shows the org's anomaly flags", async () => {
    const owner = await createUser(t.db);
    setEnvForTests({ BRIKK_ANOMALY_FAILED_PAYMENTS: "1" });
    const { stripePayments } = await import("@/db/schema");
    await t.db.insert(stripePayments).values({
      orgId: owner.orgId,
      paymentIntentId: `pi_ui_${owner.orgId}`,
      amount: 100n,
      currency: "usd",
      credits: 100n,
      status: "failed",
      createdBy: "test",
    });
    expect(await flagFailedPaymentBurst(t.db, owner.orgId)).toBe(true);
    renderWithTRPC(<AnomalyAlerts />, { cookie: owner.cookie });
    expect(await screen.findByText(/Several failed payments/)).toBeTruthy();
    expect(screen.getByText(/1 payments failed within an hour/)).toBeTruthy();
  });
});

describe("Receipt", () => {
  it("shows a succeeded payment as a printable receipt", async () => {
    configureStripe();
    const owner = await createUser(t.db, { name: "Printer" });
    const { createTopup } = await import("@/server/payments/topup");
    const { processStripeEvent } = await import("@/server/payments/webhook");
    const { orgContext } = await import("@/test/factories");
    const started = await createTopup({
      ctx: await orgContext(t.db, owner, owner.orgId),
      input: { credits: 300 },
    });
    for (const event of stripe.succeed(started.payment_intent_id))
      await processStripeEvent({ ctx: { db: t.db, actor: { type: "system" } }, input: event });
    renderWithTRPC(<Receipt id={started.payment_id} />, { cookie: owner.cookie });
    expect(await screen.findByText(started.payment_intent_id)).toBeTruthy();
    expect(screen.getAllByText("$3.00").length).toBe(2); // line amount and total
    expect(screen.getByRole("button", { name: "Print" })).toBeTruthy();
  });

  it("says so when there is no such receipt", async () => {
    const owner = await createUser(t.db);
    renderWithTRPC(<Receipt id="pay_missing" />, { cookie: owner.cookie });
    expect(await screen.findByText("Receipt not found")).toBeTruthy();
  });
});

describe("AdminTools", () => {
  it("lets a platform admin grant credits to an org", async () => {
    const admin = await createUser(t.db);
    const customer = await createUser(t.db, { name: "Customer" });
    await setPlatformAdmin({
      ctx: { db: t.db, actor: { type: "cli" } },
      input: { email: admin.email, value: true },
    });
    renderWithTRPC(<AdminTools />, { cookie: admin.cookie });
    expect(await screen.findByText("No failed events.")).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole("option").length).toBeGreaterThan(2));
    fireEvent.change(screen.getByLabelText("Organization"), { target: { value: customer.orgId } });
    fireEvent.change(screen.getByLabelText("Credits"), { target: { value: "25" } });
    fireEvent.change(screen.getByLabelText("Reference"), { target: { value: "SUP-77" } });
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "support goodwill" } });
    fireEvent.click(screen.getByRole("button", { name: "Grant credits" }));
    expect(await screen.findByText("Granted 25.000000 credits (transfer grant:admin:SUP-77).")).toBeTruthy();
    // The same grant again (a double click, a retry) says so and changes nothing.
    fireEvent.change(screen.getByLabelText("Organization"), { target: { value: customer.orgId } });
    fireEvent.change(screen.getByLabelText("Credits"), { target: { value: "25" } });
    fireEvent.change(screen.getByLabelText("Reference"), { target: { value: "SUP-77" } });
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "support goodwill" } });
    fireEvent.click(screen.getByRole("button", { name: "Grant credits" }));
    expect(await screen.findByText(/Already granted under this reference/)).toBeTruthy();
    cleanup();
    renderWithTRPC(<BalanceCard />, { cookie: customer.cookie });
    expect((await screen.findByTestId("credit-balance")).textContent).toBe("125");
  });

  it("refuses everyone else", async () => {
    const user = await createUser(t.db);
    renderWithTRPC(<AdminTools />, { cookie: user.cookie });
    expect((await screen.findAllByText("This needs a platform administrator")).length).toBeGreaterThan(0);
  });
});
