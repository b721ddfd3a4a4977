CREATE TYPE "public"."ledger_reservation_status" AS ENUM('held', 'settled', 'released', 'expired');--> statement-breakpoint
CREATE TYPE "public"."stripe_payment_status" AS ENUM('requires_payment', 'processing', 'succeeded', 'failed', 'canceled', 'partially_refunded', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."stripe_event_status" AS ENUM('processed', 'ignored', 'failed');--> statement-breakpoint
CREATE TABLE "ledger_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"account_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" "ledger_reservation_status" DEFAULT 'held' NOT NULL,
	"transfer_id" text,
	"description" text DEFAULT '' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "ledger_reservations_amount_positive" CHECK ("ledger_reservations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "stripe_event_status" NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"last_error" text,
	"payment_intent_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stripe_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"payment_intent_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"credits" bigint NOT NULL,
	"status" "stripe_payment_status" DEFAULT 'requires_payment' NOT NULL,
	"amount_refunded" bigint DEFAULT 0 NOT NULL,
	"credits_reversed" bigint DEFAULT 0 NOT NULL,
	"receipt_url" text,
	"failure_message" text,
	"created_by" text NOT NULL,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_customer_not_negative";--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "reserved" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_payments" ADD CONSTRAINT "stripe_payments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_reservations_expires_at_index" ON "ledger_reservations" USING btree ("expires_at") WHERE "ledger_reservations"."status" = 'held';--> statement-breakpoint
CREATE INDEX "stripe_events_status_received_at_index" ON "stripe_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "stripe_events_payment_intent_id_index" ON "stripe_events" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_payments_payment_intent_id_index" ON "stripe_payments" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "stripe_payments_org_id_id_index" ON "stripe_payments" USING btree ("org_id","id");--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_receivable_not_positive" CHECK ("ledger_accounts"."kind" <> 'receivable' or "ledger_accounts"."balance" <= 0);--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_reserved_not_negative" CHECK ("ledger_accounts"."reserved" >= 0);--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_customer_not_negative" CHECK ("ledger_accounts"."kind" <> 'customer' or "ledger_accounts"."balance" - "ledger_accounts"."reserved" >= 0);