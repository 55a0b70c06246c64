CREATE TYPE "public"."org_origin" AS ENUM('roster', 'manual');--> statement-breakpoint
CREATE TYPE "public"."roster_exception_kind" AS ENUM('leave', 'sickness', 'training', 'public_holiday');--> statement-breakpoint
CREATE TABLE "bases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bases_lat" CHECK ("bases"."lat" between -90 and 90),
	CONSTRAINT "bases_lng" CHECK ("bases"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "roster_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"agent_id" uuid,
	"kind" "roster_exception_kind" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_exceptions_order" CHECK ("roster_exceptions"."ends_on" >= "roster_exceptions"."starts_on"),
	CONSTRAINT "roster_exceptions_holiday_whole_team" CHECK (("roster_exceptions"."kind" = 'public_holiday') = ("roster_exceptions"."agent_id" is null))
);
--> statement-breakpoint
CREATE TABLE "roster_patterns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"weekdays" integer[] NOT NULL,
	"starts" time NOT NULL,
	"ends" time NOT NULL,
	"break_starts" time,
	"break_ends" time,
	"break_minutes" integer DEFAULT 0 NOT NULL,
	"start_base_id" uuid,
	"end_base_id" uuid,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster_patterns_end_after_start" CHECK ("roster_patterns"."ends" > "roster_patterns"."starts"),
	CONSTRAINT "roster_patterns_weekdays" CHECK (cardinality("roster_patterns"."weekdays") > 0 and "roster_patterns"."weekdays" <@ '{1,2,3,4,5,6,7}'::int[]),
	CONSTRAINT "roster_patterns_validity" CHECK ("roster_patterns"."valid_to" is null or "roster_patterns"."valid_to" >= "roster_patterns"."valid_from"),
	CONSTRAINT "roster_patterns_break_window" CHECK (("roster_patterns"."break_starts" is null and "roster_patterns"."break_ends" is null) or ("roster_patterns"."break_ends" > "roster_patterns"."break_starts")),
	CONSTRAINT "roster_patterns_break_minutes_non_negative" CHECK ("roster_patterns"."break_minutes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "policy_settings" DROP CONSTRAINT "policy_settings_pkey";--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "effective_from" date DEFAULT '2000-01-01' NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_settings_team_id_effective_from_pk" PRIMARY KEY("team_id","effective_from");--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "slot_minutes" integer DEFAULT 120 NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "visits_per_crew_slot" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "negotiation_minutes" integer DEFAULT 45 NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "verification_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "crew_required_skills" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "crew_required_languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "code" text;--> statement-breakpoint
UPDATE "teams" SET "code" = 'T' || upper(substr(replace("id"::text, '-', ''), 1, 8)) WHERE "code" IS NULL;--> statement-breakpoint
ALTER TABLE "teams" ALTER COLUMN "code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "base_id" uuid;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "preferred_partner_id" uuid;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "crews" ADD COLUMN "origin" "org_origin" DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "shifts" ADD COLUMN "origin" "org_origin" DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "tray_reason" text;--> statement-breakpoint
ALTER TABLE "bases" ADD CONSTRAINT "bases_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_exceptions" ADD CONSTRAINT "roster_exceptions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_exceptions" ADD CONSTRAINT "roster_exceptions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_exceptions" ADD CONSTRAINT "roster_exceptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_patterns" ADD CONSTRAINT "roster_patterns_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_patterns" ADD CONSTRAINT "roster_patterns_start_base_id_bases_id_fk" FOREIGN KEY ("start_base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_patterns" ADD CONSTRAINT "roster_patterns_end_base_id_bases_id_fk" FOREIGN KEY ("end_base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_patterns" ADD CONSTRAINT "roster_patterns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bases_team_name_unique" ON "bases" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "roster_exceptions_team_idx" ON "roster_exceptions" USING btree ("team_id","starts_on");--> statement-breakpoint
CREATE INDEX "roster_exceptions_agent_idx" ON "roster_exceptions" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "roster_patterns_agent_idx" ON "roster_patterns" USING btree ("agent_id");--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_code_unique" ON "teams" USING btree (lower("code"));--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_slot_minutes_range" CHECK ("policy_settings"."slot_minutes" between 15 and 240);--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_visits_per_crew_slot_positive" CHECK ("policy_settings"."visits_per_crew_slot" > 0);--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_service_minutes_positive" CHECK ("policy_settings"."negotiation_minutes" > 0 and "policy_settings"."verification_minutes" > 0);