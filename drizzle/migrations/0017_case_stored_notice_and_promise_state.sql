DROP INDEX "cases_team_status_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "open_promise_due_on" date;--> statement-breakpoint
CREATE INDEX "cases_team_status_idx" ON "cases" USING btree ("team_id","status","id","borrower_id","loan_ref","days_past_due","first_notice_at","open_promise_due_on");--> statement-breakpoint
-- Backfill from the history, as writeCaseStateFromHistory (server/modules/cases/cases.state.repo.ts) does from the
-- SQL definitions in server/db/sql/notice.sql.ts and promise-state.sql.ts when this was written; from here on the
-- contact-attempt, outcome and payment writers keep both columns current.
UPDATE "cases" SET "first_notice_at" = n.at
FROM (SELECT ca.case_id, min(ca.attempted_at) AS at FROM "contact_attempts" ca
      WHERE ca.stage IN ('first_notice', 'appointment_notice') GROUP BY ca.case_id) AS n
WHERE n.case_id = "cases"."id";--> statement-breakpoint
UPDATE "cases" SET "open_promise_due_on" = d.due_on
FROM (
  SELECT op.case_id, min(op.due_date) AS due_on FROM (
    SELECT c.id AS case_id, i.due_date,
      CASE WHEN i.paid_cents >= i.amount_cents AND i.paid_at IS NOT NULL THEN i.paid_at END AS paid_in_full_on
    FROM "instalments" i
    JOIN "repayment_plans" rp ON rp.id = i.plan_id
    JOIN "outcomes" o ON o.id = rp.outcome_id
    JOIN "visits" v ON v.id = o.visit_id
    JOIN "cases" c ON c.id = rp.case_id
    JOIN "policy_settings" ps ON ps.team_id = c.team_id
      AND ps.effective_from = (SELECT max(p_eff.effective_from) FROM "policy_settings" p_eff WHERE p_eff.team_id = ps.team_id)
    WHERE NOT EXISTS (SELECT 1 FROM "outcomes" newer WHERE newer.visit_id = o.visit_id AND newer.version > o.version)
  UNION ALL
    SELECT c.id, o.promised_date, paid.full_on
    FROM "outcomes" o
    JOIN "visits" v ON v.id = o.visit_id
    JOIN "appointments" a ON a.id = v.appointment_id
    JOIN "cases" c ON c.id = a.case_id
    JOIN "policy_settings" ps ON ps.team_id = c.team_id
      AND ps.effective_from = (SELECT max(p_eff.effective_from) FROM "policy_settings" p_eff WHERE p_eff.team_id = ps.team_id)
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
  ) AS op
  WHERE op.paid_in_full_on IS NULL GROUP BY op.case_id
) AS d
WHERE d.case_id = "cases"."id";
