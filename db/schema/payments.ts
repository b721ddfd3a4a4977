import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, timestampColumn, timestamps } from "./_columns";
import { organizations } from "./orgs";

// Stripe top-ups. A payment row is written when the PaymentIntent is created and moved along by
// webhooks; credits move only in the ledger (transfer ids derive from the PaymentIntent id).

export const PAYMENT_STATUSES = [
  "requires_payment",
  "processing",
  "succeeded",
  "failed",
  "canceled",
  "partially_refunded",
  "refunded",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const paymentStatusEnum = pgEnum("stripe_payment_status", PAYMENT_STATUSES);

export const stripePayments = pgTable(
  "stripe_payments",
  {
    id: idColumn("payment"),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    paymentIntentId: text().notNull(),
    /** In the currency's minor unit (cents). */
    amount: bigint({ mode: "bigint" }).notNull(),
    currency: text().notNull(),
    /** Whole credits bought. */
    credits: bigint({ mode: "bigint" }).notNull(),
    status: paymentStatusEnum().notNull().default("requires_payment"),
    /** Cents refunded so far (cumulative, as Stripe reports it). */
    amountRefunded: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    /** Micro-credits taken back for refunds so far (the ledger's side of amountRefunded). */
    creditsReversed: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    receiptUrl: text(),
    failureMessage: text(),
    /** Who asked for it: a user id or an API key id. */
    createdBy: text().notNull(),
    succeededAt: timestampColumn(),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.paymentIntentId), index().on(t.orgId, t.id)],
);

export const WEBHOOK_EVENT_STATUSES = ["processed", "ignored", "failed"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];
export const webhookEventStatusEnum = pgEnum("stripe_event_status", WEBHOOK_EVENT_STATUSES);

/** Every verified Stripe event, as received: the id makes redeliveries no-ops. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    /** Stripe's event id (`evt_…`). */
    id: text().primaryKey(),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: webhookEventStatusEnum().notNull(),
    attempts: integer().notNull().default(1),
    lastError: text(),
    /** The PaymentIntent the event concerns, when it concerns one. */
    paymentIntentId: text(),
    receivedAt: timestampColumn().notNull().defaultNow(),
    processedAt: timestampColumn(),
  },
  (t) => [index().on(t.status, t.receivedAt), index().on(t.paymentIntentId)],
);

export type StripePayment = typeof stripePayments.$inferSelect;
export type StripeEvent = typeof stripeEvents.$inferSelect;
