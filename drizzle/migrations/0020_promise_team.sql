ALTER TABLE "instalments" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "outcomes" ADD COLUMN "team_id" uuid;--> statement-breakpoint
-- Backfill: the team of each outcome's visit's case and of each instalment's plan's case, as
-- writePromiseTeamsFromHistory (server/modules/field/outcome.repo.ts) does; from here on the outcome writer stores
-- them with each outcome and plan it inserts. A case never changes team, so they need no other writer.
UPDATE "outcomes" SET "team_id" = c.team_id
FROM "visits" v JOIN "appointments" a ON a.id = v.appointment_id JOIN "cases" c ON c.id = a.case_id
WHERE v.id = "outcomes"."visit_id" AND "outcomes"."team_id" IS NULL;--> statement-breakpoint
UPDATE "instalments" SET "team_id" = c.team_id
FROM "repayment_plans" rp JOIN "cases" c ON c.id = rp.case_id
WHERE rp.id = "instalments"."plan_id" AND "instalments"."team_id" IS NULL;--> statement-breakpoint
CREATE INDEX "instalments_team_due_idx" ON "instalments" USING btree ("team_id","due_date");--> statement-breakpoint
CREATE INDEX "outcomes_team_promised_date_idx" ON "outcomes" USING btree ("team_id","promised_date") WHERE "outcomes"."code" = 'promise_to_pay';
