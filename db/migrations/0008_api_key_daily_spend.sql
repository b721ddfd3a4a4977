CREATE TABLE "api_key_daily_spend" (
	"key_id" text NOT NULL,
	"day" text NOT NULL,
	"spent_micro_usd" bigint DEFAULT 0 NOT NULL,
	"reserved_micro_usd" bigint DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"soft_alerts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "api_key_daily_spend_key_id_day_pk" PRIMARY KEY("key_id","day")
);
