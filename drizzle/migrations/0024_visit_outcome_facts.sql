DROP INDEX "outcomes_id_counts_idx";--> statement-breakpoint
DROP INDEX "visits_date_idx";--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "outcome_code" "outcome_code";--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "outcome_present" boolean;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "outcome_promised_cents" integer;--> statement-breakpoint
-- Backfill: the facts of each visit's current outcome version, as the outcome writer (outcome.repo.ts insertOutcome)
-- copies them with each version from here on; before the index, so the update does not maintain it row by row.
UPDATE "visits" SET "outcome_code" = o.code, "outcome_present" = o.borrower_present,
  "outcome_promised_cents" = o.promised_amount_cents
FROM "outcomes" o WHERE o.id = "visits"."current_outcome_id";--> statement-breakpoint
CREATE INDEX "visits_reports_idx" ON "visits" USING btree ("visit_date","team_id","status","agent_id","second_agent_id","crew_id","check_in_at","slot_start","slot_end","travel_leg_m","travel_leg_minutes","current_outcome_id","outcome_code","outcome_present","outcome_promised_cents");