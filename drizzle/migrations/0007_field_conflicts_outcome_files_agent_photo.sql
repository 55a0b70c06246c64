CREATE TABLE "field_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"crew_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"action" text NOT NULL,
	"client_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"accuracy_m" double precision,
	"reason" text NOT NULL,
	"reason_at" timestamp with time zone NOT NULL,
	"reason_by" uuid,
	"visit_status" text NOT NULL,
	"visit_version" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"resolution_note" text,
	CONSTRAINT "field_conflicts_client_id_unique" UNIQUE("client_id"),
	CONSTRAINT "field_conflicts_action" CHECK ("field_conflicts"."action" in ('en_route', 'check_in', 'outcome')),
	CONSTRAINT "field_conflicts_reason" CHECK ("field_conflicts"."reason" in ('unassigned', 'moved', 'cancelled', 'missed', 'status')),
	CONSTRAINT "field_conflicts_status" CHECK ("field_conflicts"."status" in ('open', 'accepted', 'dismissed')),
	CONSTRAINT "field_conflicts_resolution" CHECK (("field_conflicts"."status" = 'open') = ("field_conflicts"."resolved_at" is null and "field_conflicts"."resolved_by" is null))
);
--> statement-breakpoint
CREATE TABLE "outcome_attachments" (
	"outcome_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	CONSTRAINT "outcome_attachments_outcome_id_attachment_id_pk" PRIMARY KEY("outcome_id","attachment_id")
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "photo_sha256" text;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "photo_mime_type" text;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_crew_id_crews_id_fk" FOREIGN KEY ("crew_id") REFERENCES "public"."crews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_reason_by_users_id_fk" FOREIGN KEY ("reason_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_conflicts" ADD CONSTRAINT "field_conflicts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_attachments" ADD CONSTRAINT "outcome_attachments_outcome_id_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_attachments" ADD CONSTRAINT "outcome_attachments_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "field_conflicts_team_status_idx" ON "field_conflicts" USING btree ("team_id","status","recorded_at");--> statement-breakpoint
CREATE INDEX "field_conflicts_visit_idx" ON "field_conflicts" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "outcome_attachments_file_idx" ON "outcome_attachments" USING btree ("attachment_id");--> statement-breakpoint
ALTER TABLE "agents" DROP COLUMN "photo_url";--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_photo_file" CHECK (("agents"."photo_sha256" is null) = ("agents"."photo_mime_type" is null) and ("agents"."photo_sha256" is null or "agents"."photo_sha256" ~ '^[0-9a-f]{64}$'));--> statement-breakpoint
-- Files linked before versions named their evidence belong to the outcome version they were first linked to.
INSERT INTO "outcome_attachments" ("outcome_id", "attachment_id") SELECT "outcome_id", "id" FROM "attachments" WHERE "outcome_id" IS NOT NULL;