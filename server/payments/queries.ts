import { and, desc, eq, lt } from "drizzle-orm";
import { organizations, type StripePayment, stripePayments } from "@/db/schema";
import type { OrgContext } from "../context";
import { notFound } from "../errors";
import { getEnv } from "../platform/env";
import { formatMicroCredits } from "../platform/money";
import { assertRole } from "../roles";
import type { ListPaymentsInput } from "./schemas";
import { TOPUP_PRESETS } from "./topup";

// Payments are for owners and admins (members see the balance and the ledger, not card payments).

export type PaymentView = {
  id: string;
  payment_intent_id: string;
  credits: string;
  amount: string;
  amount_cents: number;
  currency: string;
  status: StripePayment["status"];
  amount_refunded_cents: number;
  credits_reversed: string;
  receipt_url: string | null;
  failure_message: string | null;
  created_by: string;
  created_at: Date;
  succeeded_at: Date | null;
};

/** Cents as a decimal string ("12.50"): exact, no float. */
export function formatCents(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}

function viewOf(p: StripePayment): PaymentView {
  return {
    id: p.id,
    payment_intent_id: p.paymentIntentId,
    credits: p.credits.toString(),
    amount: formatCents(p.amount),
    amount_cents: Number(p.amount),
    currency: p.currency,
    status: p.status,
    amount_refunded_cents: Number(p.amountRefunded),
    credits_reversed: formatMicroCredits(p.creditsReversed),
    receipt_url: p.receiptUrl,
    failure_message: p.failureMessage,
    created_by: p.createdBy,
    created_at: p.createdAt,
    succeeded_at: p.succeededAt,
  };
}

export async function listPayments({ ctx, input }: { ctx: OrgContext; input: ListPaymentsInput }) {
  assertRole(ctx.role, "admin", "see payments");
  const rows = await ctx.db
    .select()
    .from(stripePayments)
    .where(
      and(
        eq(stripePayments.orgId, ctx.org.id),
        input.cursor ? lt(stripePayments.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(stripePayments.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    data: page.map(viewOf),
    next_cursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export type ReceiptView = PaymentView & {
  org: { id: string; name: string };
  unit_price_cents: number;
};

/** One succeeded payment, with what a printed receipt needs. Another org's payment is a 404. */
export async function getReceipt({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { id: string };
}): Promise<ReceiptView> {
  assertRole(ctx.role, "admin", "see payments");
  const [row] = await ctx.db
    .select({ payment: stripePayments, orgName: organizations.name })
    .from(stripePayments)
    .innerJoin(organizations, eq(organizations.id, stripePayments.orgId))
    .where(and(eq(stripePayments.id, input.id), eq(stripePayments.orgId, ctx.org.id)));
  if (!row?.payment.succeededAt) throw notFound("Receipt");
  return {
    ...viewOf(row.payment),
    org: { id: ctx.org.id, name: row.orgName },
    unit_price_cents: Number(row.payment.amount / (row.payment.credits || 1n)),
  };
}

/** What the dashboard needs to offer a top-up; `configured: false` when Stripe keys are unset. */
export function topupOptions() {
  const env = getEnv();
  return {
    configured: env.stripe !== null,
    publishable_key: env.stripe?.publishableKey ?? null,
    presets: [...TOPUP_PRESETS],
    min_credits: env.topup.minCredits,
    max_credits: env.topup.maxCredits,
    price_cents_per_credit: env.topup.priceCentsPerCredit,
  };
}
