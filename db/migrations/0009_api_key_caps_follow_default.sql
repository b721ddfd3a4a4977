-- A null cap now follows the server default (BRIKK_DEFAULT_*_CAP_USD). Keys created before keep the caps they were given.
ALTER TABLE "api_keys" ALTER COLUMN "soft_cap_usd_micros" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "hard_cap_usd_micros" DROP NOT NULL;