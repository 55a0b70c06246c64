ALTER TABLE "visits" ADD COLUMN "slot_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "slot_end" timestamp with time zone;--> statement-breakpoint
-- Backfill: each visit's appointment's slot, as the visit writer (appointments.repo.ts) copies it from here on.
-- visits_slot_fk below makes the database refuse a copy that differs from its appointment's slot, and carries a
-- change of that slot over to the visit (on update cascade); no other writer is needed.
UPDATE "visits" SET "slot_start" = a.slot_start, "slot_end" = a.slot_end
FROM "appointments" a WHERE a.id = "visits"."appointment_id";--> statement-breakpoint
ALTER TABLE "visits" ALTER COLUMN "slot_start" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "visits" ALTER COLUMN "slot_end" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_id_slot_unique" UNIQUE("id","slot_start","slot_end");--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_slot_fk" FOREIGN KEY ("appointment_id","slot_start","slot_end") REFERENCES "public"."appointments"("id","slot_start","slot_end") ON DELETE no action ON UPDATE cascade;
