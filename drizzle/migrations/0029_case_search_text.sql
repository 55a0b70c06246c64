-- The worklist's text search (docs/scale.md, session 31): the loan reference and the borrower's name lowercased as
-- ILIKE lowercases them, stored and carried in cases_team_status_idx, so a search tests `search_text like lower(…)`
-- on the team's index entries instead of lowercasing both columns of every case of the team on every search.
DROP INDEX "cases_team_status_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(loan_ref) || chr(10) || lower(borrower_name)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_team_status_idx" ON "cases" USING btree ("team_id","status","id","borrower_id","loan_ref","borrower_name","search_text","days_past_due","first_notice_at","open_promise_due_on");