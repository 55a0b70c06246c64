-- A visit's copy of its appointment's case and address (docs/scale.md, session 33): the board's and the route's visit
-- rows join the case and the address by the visit, without first looking up every visit's appointment (368 of the
-- busiest board's 1,389 buffers). visits_place_fk holds the copy equal to the appointment's, as visits_slot_fk holds
-- the slot's.
ALTER TABLE "visits" ADD COLUMN "case_id" uuid;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "address_id" uuid;--> statement-breakpoint
-- The existing visits' copy. visit_days_update recounts the team-days of changed visits: nothing it counts changes here.
ALTER TABLE "visits" DISABLE TRIGGER "visit_days_update";--> statement-breakpoint
UPDATE "visits" v SET "case_id" = a."case_id", "address_id" = a."address_id"
  FROM "appointments" a WHERE a."id" = v."appointment_id";--> statement-breakpoint
ALTER TABLE "visits" ENABLE TRIGGER "visit_days_update";--> statement-breakpoint
ALTER TABLE "visits" ALTER COLUMN "case_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "visits" ALTER COLUMN "address_id" SET NOT NULL;--> statement-breakpoint
-- Every row was rewritten (new versions): rebuild the visits' indexes so each keeps its size (the reports' index-only
-- scans read them whole).
REINDEX TABLE "visits";--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_id_place_unique" UNIQUE("id","case_id","address_id");--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_place_fk" FOREIGN KEY ("appointment_id","case_id","address_id") REFERENCES "public"."appointments"("id","case_id","address_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
-- What the board's rows read of a borrower and of an address, from the index alone (3 buffers a visit, not 4).
CREATE INDEX "addresses_visit_row_idx" ON "addresses" USING btree ("id","text","district","lat","lng");--> statement-breakpoint
CREATE INDEX "borrowers_visit_row_idx" ON "borrowers" USING btree ("id","full_name","phone");
