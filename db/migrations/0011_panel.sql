CREATE TYPE "public"."panel_run_status" AS ENUM('queued', 'running', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."panel_turn_status" AS ENUM('running', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "panel_events" (
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_events_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "panel_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"status" "panel_run_status" DEFAULT 'queued' NOT NULL,
	"prompt" text NOT NULL,
	"seats" jsonb NOT NULL,
	"rounds" integer NOT NULL,
	"started_by" text NOT NULL,
	"fee_hold_id" text,
	"fee_micros" bigint DEFAULT 0 NOT NULL,
	"fee_transfer_id" text,
	"error" jsonb,
	"heartbeat_at" timestamp with time zone,
	"cancel_requested_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_turns" (
	"run_id" text NOT NULL,
	"index" integer NOT NULL,
	"round" integer NOT NULL,
	"seat" integer NOT NULL,
	"agent_id" text NOT NULL,
	"guest" boolean NOT NULL,
	"language" text NOT NULL,
	"status" "panel_turn_status" DEFAULT 'running' NOT NULL,
	"provider" text,
	"model" text,
	"text" text DEFAULT '' NOT NULL,
	"fallback" boolean DEFAULT false NOT NULL,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"detected_language" text,
	"ttft_ms" integer,
	"duration_ms" integer,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"cost_micro_usd" bigint DEFAULT 0 NOT NULL,
	"credits_micros" bigint DEFAULT 0 NOT NULL,
	"hold_id" text,
	"transfer_id" text,
	"interaction_id" text,
	"error" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "panel_turns_run_id_index_pk" PRIMARY KEY("run_id","index")
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "persona" jsonb;--> statement-breakpoint
ALTER TABLE "panel_events" ADD CONSTRAINT "panel_events_run_id_panel_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."panel_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_runs" ADD CONSTRAINT "panel_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_turns" ADD CONSTRAINT "panel_turns_run_id_panel_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."panel_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "panel_runs_org_id_id_index" ON "panel_runs" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "panel_runs_status_heartbeat_at_index" ON "panel_runs" USING btree ("status","heartbeat_at");