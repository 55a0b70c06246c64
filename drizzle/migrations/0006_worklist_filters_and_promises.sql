ALTER TABLE "follow_up_proposals" ADD COLUMN "kind" text DEFAULT 'broken_promise' NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_up_proposals" ADD COLUMN "outcome_id" uuid;--> statement-breakpoint
ALTER TABLE "follow_up_proposals" ADD COLUMN "note" text;--> statement-breakpoint
-- Written by hand: proposals made before kinds existed without an instalment are borrowers' callback requests.
UPDATE "follow_up_proposals" SET "kind" = 'callback' WHERE "instalment_id" IS NULL;--> statement-breakpoint
ALTER TABLE "follow_up_proposals" ADD CONSTRAINT "follow_up_proposals_outcome_id_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."outcomes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_team_dpd_idx" ON "cases" USING btree ("team_id","days_past_due","id");--> statement-breakpoint
CREATE INDEX "cases_team_amount_idx" ON "cases" USING btree ("team_id","overdue_amount_cents","id");--> statement-breakpoint
CREATE INDEX "cases_team_loan_ref_idx" ON "cases" USING btree ("team_id","loan_ref");--> statement-breakpoint
CREATE INDEX "follow_up_proposals_open_idx" ON "follow_up_proposals" USING btree ("case_id","kind") WHERE "follow_up_proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "follow_up_proposals_outcome_idx" ON "follow_up_proposals" USING btree ("outcome_id");--> statement-breakpoint
CREATE INDEX "appointments_case_agreed_idx" ON "appointments" USING btree ("case_id","slot_end") WHERE "appointments"."status" = 'agreed';--> statement-breakpoint
CREATE INDEX "outcomes_promised_date_idx" ON "outcomes" USING btree ("promised_date") WHERE "outcomes"."code" = 'promise_to_pay';--> statement-breakpoint
CREATE INDEX "repayment_plans_case_idx" ON "repayment_plans" USING btree ("case_id");--> statement-breakpoint
ALTER TABLE "follow_up_proposals" ADD CONSTRAINT "follow_up_proposals_kind" CHECK ("follow_up_proposals"."kind" in ('broken_promise', 'callback'));