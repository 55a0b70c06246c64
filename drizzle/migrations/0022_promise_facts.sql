CREATE TABLE "promise_facts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"case_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"paid_in_full_at" timestamp with time zone,
	"paid_in_full_on" date,
	CONSTRAINT "promise_facts_kind" CHECK ("promise_facts"."kind" in ('instalment', 'one_off'))
);
--> statement-breakpoint
ALTER TABLE "promise_facts" ADD CONSTRAINT "promise_facts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promise_facts_case_idx" ON "promise_facts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "promise_facts_due_idx" ON "promise_facts" USING btree ("due_date","team_id","paid_in_full_on","paid_in_full_at");--> statement-breakpoint
CREATE INDEX "promise_facts_team_due_idx" ON "promise_facts" USING btree ("team_id","due_date","paid_in_full_on","paid_in_full_at");--> statement-breakpoint
-- Backfill: every current promise's facts, as insertPromiseFacts (server/db/sql/promise-state.sql.ts) derives them
-- from promiseRows; from here on the one writer of a case's promises (cases.state.repo.ts refreshOpenPromise, called
-- by the outcome and payment writers) rewrites a case's rows in its transaction.
INSERT INTO "promise_facts" ("id", "kind", "case_id", "team_id", "due_date", "paid_in_full_at", "paid_in_full_on")
SELECT i.id, 'instalment', c.id, c.team_id, i.due_date,
  CASE WHEN i.paid_cents >= i.amount_cents THEN i.paid_at END, NULL::date
FROM "instalments" i
JOIN "repayment_plans" rp ON rp.id = i.plan_id
JOIN "outcomes" o ON o.id = rp.outcome_id
JOIN "visits" v ON v.id = o.visit_id
JOIN "cases" c ON c.id = rp.case_id
WHERE NOT EXISTS (SELECT 1 FROM "outcomes" newer WHERE newer.visit_id = o.visit_id AND newer.version > o.version)
  AND EXISTS (SELECT 1 FROM "policy_settings" pz WHERE pz.team_id = c.team_id)
UNION ALL
SELECT o.id, 'one_off', c.id, c.team_id, o.promised_date, NULL::timestamptz, paid.full_on
FROM "outcomes" o
JOIN "visits" v ON v.id = o.visit_id
JOIN "appointments" a ON a.id = v.appointment_id
JOIN "cases" c ON c.id = a.case_id
CROSS JOIN LATERAL (
  SELECT min(x.paid_on) FILTER (WHERE x.running >= o.promised_amount_cents) AS full_on
  FROM (
    SELECT pm.paid_on, sum(pm.amount_cents) OVER (ORDER BY pm.paid_on, pm.id) AS running
    FROM "payments" pm WHERE pm.case_id = c.id AND pm.paid_on >= v.visit_date
  ) x
) paid
WHERE o.code = 'promise_to_pay' AND o.promised_date IS NOT NULL AND o.promised_amount_cents IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "repayment_plans" plan WHERE plan.outcome_id = o.id)
  AND NOT EXISTS (SELECT 1 FROM "outcomes" newer WHERE newer.visit_id = o.visit_id AND newer.version > o.version)
  AND EXISTS (SELECT 1 FROM "policy_settings" pz WHERE pz.team_id = c.team_id);
