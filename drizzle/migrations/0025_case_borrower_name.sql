-- The borrower's name on the case, so that the worklist's text search reads it from cases_team_status_idx instead of
-- looking up each of a team's borrowers (2,500 index probes per statement on the lender preset; docs/scale.md,
-- session 27). cases_borrower_name_fk makes the database refuse a copy that differs from the borrower's name and
-- carries a change of that name over (on update cascade); the writers copy it when they make a case.
ALTER TABLE "cases" ADD COLUMN "borrower_name" text;--> statement-breakpoint
UPDATE "cases" SET "borrower_name" = b.full_name FROM "borrowers" b WHERE b.id = "cases"."borrower_id";--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "borrower_name" SET NOT NULL;--> statement-breakpoint
-- What the foreign key references; it also serves every lookup borrowers_id_name_idx served.
ALTER TABLE "borrowers" ADD CONSTRAINT "borrowers_id_name_unique" UNIQUE("id","full_name");--> statement-breakpoint
DROP INDEX "borrowers_id_name_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_borrower_name_fk" FOREIGN KEY ("borrower_id","borrower_name") REFERENCES "public"."borrowers"("id","full_name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
DROP INDEX "cases_team_status_idx";--> statement-breakpoint
CREATE INDEX "cases_team_status_idx" ON "cases" USING btree ("team_id","status","id","borrower_id","loan_ref","borrower_name","days_past_due","first_notice_at","open_promise_due_on");
