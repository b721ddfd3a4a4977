CREATE TYPE "public"."llm_call_status" AS ENUM('completed', 'failed', 'cut');--> statement-breakpoint
CREATE TABLE "llm_prices" (
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"input_micro_usd_per_m" bigint NOT NULL,
	"cached_input_micro_usd_per_m" bigint NOT NULL,
	"output_micro_usd_per_m" bigint NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	CONSTRAINT "llm_prices_provider_model_effective_from_pk" PRIMARY KEY("provider","model","effective_from")
);
--> statement-breakpoint
CREATE TABLE "llm_usage_events" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"agent_id" text,
	"key_id" text,
	"user_id" text,
	"request_id" text NOT NULL,
	"requested_model" text NOT NULL,
	"provider" text,
	"model" text,
	"stream" boolean NOT NULL,
	"status" "llm_call_status" NOT NULL,
	"http_status" integer NOT NULL,
	"error_code" text,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"credits_micros" bigint DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"fallback" boolean DEFAULT false NOT NULL,
	"latency_ms" integer NOT NULL,
	"ttft_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "llm_usage_events" ADD CONSTRAINT "llm_usage_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "llm_usage_events_org_id_id_index" ON "llm_usage_events" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "llm_usage_events_key_id_created_at_index" ON "llm_usage_events" USING btree ("key_id","created_at");--> statement-breakpoint
-- List prices per million tokens in micro-dollars (input, cached input, output), effective from the
-- epoch so every call finds one. A model without a row is refused, never billed at $0; `local` is
-- explicitly free.
INSERT INTO "llm_prices" ("provider", "model", "input_micro_usd_per_m", "cached_input_micro_usd_per_m", "output_micro_usd_per_m", "effective_from") VALUES
  ('openai', 'gpt-4o-mini', 150000, 75000, 600000, '1970-01-01T00:00:00Z'),
  ('openai', 'gpt-4o', 2500000, 1250000, 10000000, '1970-01-01T00:00:00Z'),
  ('openai', 'gpt-3.5-turbo', 500000, 500000, 1500000, '1970-01-01T00:00:00Z'),
  ('mistral', 'mistral-small-latest', 100000, 100000, 300000, '1970-01-01T00:00:00Z'),
  ('mistral', 'mistral-medium-latest', 400000, 400000, 2000000, '1970-01-01T00:00:00Z'),
  ('mistral', 'mistral-large-latest', 2000000, 2000000, 6000000, '1970-01-01T00:00:00Z'),
  ('local', 'brikk-1', 0, 0, 0, '1970-01-01T00:00:00Z');
