DROP INDEX "visits_team_date_idx";--> statement-breakpoint
DROP INDEX "visits_reports_idx";--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "outcome_has_plan" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Backfill: whether each visit's current outcome version has a repayment plan, as the outcome writer (false with a new
-- version) and the plan writer (true with its plan; outcome.repo.ts) keep it from here on; before the indexes, so the
-- update does not maintain them row by row.
UPDATE "visits" SET "outcome_has_plan" = true
FROM "repayment_plans" rp WHERE rp.outcome_id = "visits"."current_outcome_id";--> statement-breakpoint
CREATE INDEX "visits_team_reports_idx" ON "visits" USING btree ("team_id","visit_date","status","agent_id","second_agent_id","crew_id","check_in_at","slot_start","slot_end","travel_leg_m","travel_leg_minutes","outcome_code","outcome_present","outcome_promised_cents","outcome_has_plan");--> statement-breakpoint
CREATE INDEX "visits_reports_idx" ON "visits" USING btree ("visit_date","team_id","status","agent_id","second_agent_id","crew_id","check_in_at","slot_start","slot_end","travel_leg_m","travel_leg_minutes","outcome_code","outcome_present","outcome_promised_cents","outcome_has_plan","current_outcome_id");