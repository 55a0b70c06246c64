CREATE TYPE "public"."appointment_status" AS ENUM('agreed', 'rescheduled', 'cancelled', 'completed');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('open', 'promised', 'paid', 'closed', 'disputed');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('open', 'assigned', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."contact_channel" AS ENUM('sms', 'phone', 'letter', 'in_person', 'app');--> statement-breakpoint
CREATE TYPE "public"."contact_stage" AS ENUM('first_notice', 'appointment_notice', 'follow_up');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction" AS ENUM('CN', 'IN', 'US', 'custom');--> statement-breakpoint
CREATE TYPE "public"."outcome_code" AS ENUM('paid_in_full', 'partial_payment', 'promise_to_pay', 'repayment_plan_agreed', 'hardship_referral', 'dispute', 'refused', 'borrower_absent', 'wrong_address', 'moved', 'complaint_raised');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'dispatcher', 'manager', 'agent');--> statement-breakpoint
CREATE TYPE "public"."visit_status" AS ENUM('unassigned', 'assigned', 'en_route', 'on_site', 'completed', 'missed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."visit_type" AS ENUM('negotiation', 'verification');--> statement-breakpoint
CREATE TABLE "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"borrower_id" uuid NOT NULL,
	"label" text DEFAULT 'home' NOT NULL,
	"text" text NOT NULL,
	"district" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"geocode_source" text DEFAULT 'manual' NOT NULL,
	"geocode_quality" text DEFAULT 'rooftop' NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	CONSTRAINT "addresses_lat_range" CHECK ("addresses"."lat" between -90 and 90),
	CONSTRAINT "addresses_lng_range" CHECK ("addresses"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "borrowers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"id_number" text NOT NULL,
	"phone" text NOT NULL,
	"preferred_language" text DEFAULT 'zh-CN' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "borrowers_id_number_unique" UNIQUE("id_number")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"loan_ref" text NOT NULL,
	"product" text NOT NULL,
	"principal_cents" integer NOT NULL,
	"overdue_amount_cents" integer NOT NULL,
	"days_past_due" integer NOT NULL,
	"bucket" text NOT NULL,
	"status" "case_status" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_amounts_non_negative" CHECK ("cases"."principal_cents" >= 0 and "cases"."overdue_amount_cents" >= 0),
	CONSTRAINT "cases_dpd_non_negative" CHECK ("cases"."days_past_due" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"stage" "contact_stage" NOT NULL,
	"channel" "contact_channel" NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"result" text NOT NULL,
	"actor_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"team_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"borrower_id" uuid,
	"case_id" uuid,
	"visit_id" uuid,
	"channel" "contact_channel" NOT NULL,
	"text" text NOT NULL,
	"status" "complaint_status" DEFAULT 'open' NOT NULL,
	"assigned_to" uuid,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "complaints_resolution_when_resolved" CHECK ("complaints"."status" <> 'resolved' or "complaints"."resolution" is not null)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"procedure" text NOT NULL,
	"response" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_settings" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"jurisdiction" "jurisdiction" DEFAULT 'CN' NOT NULL,
	"allowed_start" time DEFAULT '08:00' NOT NULL,
	"allowed_end" time DEFAULT '22:00' NOT NULL,
	"frequency_cap" integer DEFAULT 2 NOT NULL,
	"frequency_window_days" integer DEFAULT 7 NOT NULL,
	"min_notice_minutes" integer DEFAULT 120 NOT NULL,
	"two_person_rule" boolean DEFAULT true NOT NULL,
	"check_in_distance_threshold_m" integer DEFAULT 200 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_allowed_hours_order" CHECK ("policy_settings"."allowed_end" > "policy_settings"."allowed_start"),
	CONSTRAINT "policy_frequency_cap_positive" CHECK ("policy_settings"."frequency_cap" > 0 and "policy_settings"."frequency_window_days" > 0),
	CONSTRAINT "policy_min_notice_non_negative" CHECK ("policy_settings"."min_notice_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_teams" (
	"user_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "user_teams_user_id_team_id_pk" PRIMARY KEY("user_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" NOT NULL,
	"locale" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "route_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"crew_id" uuid,
	"plan_date" date NOT NULL,
	"stops" jsonb NOT NULL,
	"distance_m" integer NOT NULL,
	"duration_s" integer NOT NULL,
	"solver_stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"applied_by" uuid,
	"applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"team_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"badge_no" text NOT NULL,
	"credential_no" text NOT NULL,
	"credential_valid_from" date NOT NULL,
	"credential_valid_to" date NOT NULL,
	"phone" text NOT NULL,
	"photo_url" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"home_base_lat" double precision NOT NULL,
	"home_base_lng" double precision NOT NULL,
	"max_visits_per_day" integer DEFAULT 8 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "agents_badge_no_unique" UNIQUE("badge_no"),
	CONSTRAINT "agents_credential_no_unique" UNIQUE("credential_no"),
	CONSTRAINT "agents_credential_validity_order" CHECK ("agents"."credential_valid_to" >= "agents"."credential_valid_from"),
	CONSTRAINT "agents_max_visits_positive" CHECK ("agents"."max_visits_per_day" > 0),
	CONSTRAINT "agents_home_base_lat" CHECK ("agents"."home_base_lat" between -90 and 90),
	CONSTRAINT "agents_home_base_lng" CHECK ("agents"."home_base_lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "crew_members" (
	"crew_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"is_lead" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "crew_members_crew_id_agent_id_pk" PRIMARY KEY("crew_id","agent_id"),
	CONSTRAINT "crew_members_is_lead_flag" CHECK ("crew_members"."is_lead" in (0, 1))
);
--> statement-breakpoint
CREATE TABLE "crews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"start_lat" double precision NOT NULL,
	"start_lng" double precision NOT NULL,
	"end_lat" double precision NOT NULL,
	"end_lng" double precision NOT NULL,
	"break_starts_at" timestamp with time zone,
	"break_ends_at" timestamp with time zone,
	"break_minutes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "shifts_end_after_start" CHECK ("shifts"."ends_at" > "shifts"."starts_at"),
	CONSTRAINT "shifts_break_window" CHECK (("shifts"."break_starts_at" is null and "shifts"."break_ends_at" is null) or ("shifts"."break_ends_at" > "shifts"."break_starts_at")),
	CONSTRAINT "shifts_break_minutes_non_negative" CHECK ("shifts"."break_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"address_id" uuid NOT NULL,
	"slot_start" timestamp with time zone NOT NULL,
	"slot_end" timestamp with time zone NOT NULL,
	"agreed_at" timestamp with time zone NOT NULL,
	"agreed_via" "contact_channel" NOT NULL,
	"borrower_confirmed" boolean DEFAULT true NOT NULL,
	"status" "appointment_status" DEFAULT 'agreed' NOT NULL,
	"supersedes_id" uuid,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_slot_end_after_start" CHECK ("appointments"."slot_end" > "appointments"."slot_start"),
	CONSTRAINT "appointments_agreed_before_slot" CHECK ("appointments"."agreed_at" < "appointments"."slot_start")
);
--> statement-breakpoint
CREATE TABLE "instalments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_date" date NOT NULL,
	"amount_cents" integer NOT NULL,
	"paid_cents" integer DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "instalments_amount_positive" CHECK ("instalments"."amount_cents" > 0 and "instalments"."paid_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"code" "outcome_code" NOT NULL,
	"id_shown" boolean NOT NULL,
	"recording_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"identity_verified" boolean DEFAULT false NOT NULL,
	"borrower_present" boolean DEFAULT false NOT NULL,
	"attitude" text,
	"assets_observed" text,
	"notes" text,
	"promised_amount_cents" integer,
	"promised_date" date,
	"signed_document_ref" text,
	"next_action" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"client_id" text,
	CONSTRAINT "outcomes_client_id_unique" UNIQUE("client_id"),
	CONSTRAINT "outcomes_promised_amount_positive" CHECK ("outcomes"."promised_amount_cents" is null or "outcomes"."promised_amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "repayment_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outcome_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"total_cents" integer NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repayment_plans_outcome_id_unique" UNIQUE("outcome_id")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"visit_type" "visit_type" NOT NULL,
	"status" "visit_status" DEFAULT 'unassigned' NOT NULL,
	"crew_id" uuid,
	"agent_id" uuid,
	"second_agent_id" uuid,
	"planned_arrival" timestamp with time zone,
	"service_minutes" integer DEFAULT 45 NOT NULL,
	"route_position" integer,
	"pinned" boolean DEFAULT false NOT NULL,
	"priority" integer DEFAULT 1 NOT NULL,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"check_in_at" timestamp with time zone,
	"check_in_lat" double precision,
	"check_in_lng" double precision,
	"check_in_distance_m" double precision,
	"check_out_at" timestamp with time zone,
	"check_out_lat" double precision,
	"check_out_lng" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_crew_when_assigned" CHECK ("visits"."status" in ('unassigned', 'cancelled') or "visits"."crew_id" is not null),
	CONSTRAINT "visits_second_agent_differs" CHECK ("visits"."second_agent_id" is null or "visits"."second_agent_id" <> "visits"."agent_id"),
	CONSTRAINT "visits_check_out_after_in" CHECK ("visits"."check_out_at" is null or "visits"."check_out_at" >= "visits"."check_in_at"),
	CONSTRAINT "visits_version_positive" CHECK ("visits"."version" > 0),
	CONSTRAINT "visits_service_minutes_positive" CHECK ("visits"."service_minutes" > 0)
);
--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_borrower_id_borrowers_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."borrowers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_borrower_id_borrowers_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."borrowers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_borrower_id_borrowers_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."borrowers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_settings" ADD CONSTRAINT "policy_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_teams" ADD CONSTRAINT "user_teams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_teams" ADD CONSTRAINT "user_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "route_plans" ADD CONSTRAINT "route_plans_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "route_plans" ADD CONSTRAINT "route_plans_crew_id_crews_id_fk" FOREIGN KEY ("crew_id") REFERENCES "public"."crews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "route_plans" ADD CONSTRAINT "route_plans_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crew_members" ADD CONSTRAINT "crew_members_crew_id_crews_id_fk" FOREIGN KEY ("crew_id") REFERENCES "public"."crews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crew_members" ADD CONSTRAINT "crew_members_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crews" ADD CONSTRAINT "crews_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instalments" ADD CONSTRAINT "instalments_plan_id_repayment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."repayment_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayment_plans" ADD CONSTRAINT "repayment_plans_outcome_id_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repayment_plans" ADD CONSTRAINT "repayment_plans_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_crew_id_crews_id_fk" FOREIGN KEY ("crew_id") REFERENCES "public"."crews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_second_agent_id_agents_id_fk" FOREIGN KEY ("second_agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "addresses_borrower_idx" ON "addresses" USING btree ("borrower_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_loan_ref_unique" ON "cases" USING btree ("loan_ref");--> statement-breakpoint
CREATE INDEX "cases_team_status_idx" ON "cases" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "cases_borrower_idx" ON "cases" USING btree ("borrower_id");--> statement-breakpoint
CREATE INDEX "contact_attempts_case_idx" ON "contact_attempts" USING btree ("case_id","attempted_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_team_at_idx" ON "audit_log" USING btree ("team_id","at");--> statement-breakpoint
CREATE INDEX "complaints_team_status_idx" ON "complaints" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "user_teams_team_idx" ON "user_teams" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_unique" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "route_plans_team_date_idx" ON "route_plans" USING btree ("team_id","plan_date");--> statement-breakpoint
CREATE INDEX "agents_team_idx" ON "agents" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crew_members_agent_date_unique" ON "crew_members" USING btree ("agent_id","work_date");--> statement-breakpoint
CREATE INDEX "crews_team_date_idx" ON "crews" USING btree ("team_id","work_date");--> statement-breakpoint
CREATE UNIQUE INDEX "crews_team_date_name_unique" ON "crews" USING btree ("team_id","work_date","name");--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_agent_date_unique" ON "shifts" USING btree ("agent_id","work_date");--> statement-breakpoint
CREATE INDEX "shifts_date_idx" ON "shifts" USING btree ("work_date");--> statement-breakpoint
CREATE INDEX "appointments_case_idx" ON "appointments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "appointments_slot_idx" ON "appointments" USING btree ("slot_start");--> statement-breakpoint
CREATE UNIQUE INDEX "instalments_plan_seq_unique" ON "instalments" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE INDEX "instalments_due_idx" ON "instalments" USING btree ("due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "outcomes_visit_version_unique" ON "outcomes" USING btree ("visit_id","version");--> statement-breakpoint
CREATE INDEX "outcomes_recorded_at_idx" ON "outcomes" USING btree ("recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_appointment_unique" ON "visits" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "visits_team_date_idx" ON "visits" USING btree ("team_id","visit_date");--> statement-breakpoint
CREATE INDEX "visits_crew_date_idx" ON "visits" USING btree ("crew_id","visit_date");