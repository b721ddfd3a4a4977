CREATE TYPE "public"."reputation_dimension" AS ENUM('overall', 'success_rate', 'response_time', 'reliability');--> statement-breakpoint
CREATE TYPE "public"."reputation_source" AS ENUM('feedback', 'observation');--> statement-breakpoint
CREATE TABLE "agent_interactions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"kind" text NOT NULL,
	"reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reputation_counts" (
	"agent_id" text PRIMARY KEY NOT NULL,
	"external" integer DEFAULT 0 NOT NULL,
	"internal" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reputation_events" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"rater_org_id" text NOT NULL,
	"internal" boolean NOT NULL,
	"source" "reputation_source" NOT NULL,
	"rating" smallint,
	"evidence" jsonb NOT NULL,
	"weight" double precision NOT NULL,
	"weight_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"interaction_id" text,
	"outcome" text,
	"latency_ms" integer,
	"comment" text,
	"day" date NOT NULL,
	"anomaly" boolean DEFAULT false NOT NULL,
	"overall_delta" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reputation_evidence" (
	"agent_id" text NOT NULL,
	"dimension" "reputation_dimension" NOT NULL,
	"rater_org_id" text NOT NULL,
	"internal" boolean NOT NULL,
	"r" double precision NOT NULL,
	"s" double precision NOT NULL,
	"events" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	CONSTRAINT "reputation_evidence_agent_id_dimension_rater_org_id_pk" PRIMARY KEY("agent_id","dimension","rater_org_id")
);
--> statement-breakpoint
CREATE TABLE "reputation_scores" (
	"agent_id" text NOT NULL,
	"dimension" "reputation_dimension" NOT NULL,
	"r" double precision NOT NULL,
	"s" double precision NOT NULL,
	"mean" double precision NOT NULL,
	"lower" double precision NOT NULL,
	"upper" double precision NOT NULL,
	"stars" double precision NOT NULL,
	"evidence" double precision NOT NULL,
	"raters" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	CONSTRAINT "reputation_scores_agent_id_dimension_pk" PRIMARY KEY("agent_id","dimension")
);
--> statement-breakpoint
CREATE TABLE "reputation_snapshots" (
	"agent_id" text NOT NULL,
	"dimension" "reputation_dimension" NOT NULL,
	"day" date NOT NULL,
	"mean" double precision NOT NULL,
	"lower" double precision NOT NULL,
	"upper" double precision NOT NULL,
	"stars" double precision NOT NULL,
	"evidence" double precision NOT NULL,
	CONSTRAINT "reputation_snapshots_agent_id_dimension_day_pk" PRIMARY KEY("agent_id","dimension","day")
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_interactions" ADD CONSTRAINT "agent_interactions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_counts" ADD CONSTRAINT "reputation_counts_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_events" ADD CONSTRAINT "reputation_events_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_evidence" ADD CONSTRAINT "reputation_evidence_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_scores" ADD CONSTRAINT "reputation_scores_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_snapshots" ADD CONSTRAINT "reputation_snapshots_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_interactions_agent_id_org_id_index" ON "agent_interactions" USING btree ("agent_id","org_id");--> statement-breakpoint
CREATE INDEX "reputation_events_agent_id_created_at_index" ON "reputation_events" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "reputation_events_rater_org_id_created_at_index" ON "reputation_events" USING btree ("rater_org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reputation_events_rater_interaction" ON "reputation_events" USING btree ("rater_org_id","interaction_id") WHERE "reputation_events"."interaction_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "reputation_events_rater_agent_day" ON "reputation_events" USING btree ("rater_org_id","agent_id","day") WHERE "reputation_events"."interaction_id" is null and "reputation_events"."source" = 'feedback';--> statement-breakpoint
CREATE INDEX "reputation_scores_rank" ON "reputation_scores" USING btree ("dimension","lower" DESC NULLS LAST,"agent_id");