CREATE TABLE "slot_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"address_id" uuid NOT NULL,
	"visit_type" "visit_type" NOT NULL,
	"token_hash" text NOT NULL,
	"replaces_appointment_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"appointment_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slot_links_used_with_appointment" CHECK (("slot_links"."used_at" is null) = ("slot_links"."appointment_id" is null))
);
--> statement-breakpoint
ALTER TABLE "slot_links" ADD CONSTRAINT "slot_links_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_links" ADD CONSTRAINT "slot_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_links" ADD CONSTRAINT "slot_links_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_links" ADD CONSTRAINT "slot_links_replaces_appointment_id_appointments_id_fk" FOREIGN KEY ("replaces_appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_links" ADD CONSTRAINT "slot_links_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_links" ADD CONSTRAINT "slot_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "slot_links_token_unique" ON "slot_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "slot_links_case_idx" ON "slot_links" USING btree ("case_id");