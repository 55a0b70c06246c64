DROP INDEX "cases_team_status_idx";--> statement-breakpoint
CREATE INDEX "contact_attempts_case_stage_idx" ON "contact_attempts" USING btree ("case_id","stage");--> statement-breakpoint
CREATE INDEX "cases_team_status_idx" ON "cases" USING btree ("team_id","status","id");