CREATE TYPE "public"."echo_endpoint" AS ENUM('echo', 'coordination_echo');--> statement-breakpoint
CREATE TABLE "message_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"agent_id" text,
	"key_id" text,
	"user_id" text,
	"endpoint" "echo_endpoint" NOT NULL,
	"request_id" text NOT NULL,
	"request" jsonb NOT NULL,
	"response" jsonb NOT NULL,
	"request_bytes" integer NOT NULL,
	"response_bytes" integer NOT NULL,
	"latency_ms" integer NOT NULL,
	"status" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_logs" ADD CONSTRAINT "message_logs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_logs" ADD CONSTRAINT "message_logs_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_logs_org_id_id_index" ON "message_logs" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "message_logs_org_id_agent_id_id_index" ON "message_logs" USING btree ("org_id","agent_id","id");