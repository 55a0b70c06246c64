DROP INDEX "cases_team_status_idx";--> statement-breakpoint
CREATE INDEX "borrowers_id_name_idx" ON "borrowers" USING btree ("id","full_name");--> statement-breakpoint
CREATE INDEX "cases_team_status_idx" ON "cases" USING btree ("team_id","status","id","borrower_id","loan_ref","days_past_due");