ALTER TABLE "visits" ADD COLUMN "current_outcome_id" uuid;--> statement-breakpoint
-- Backfill: each visit's newest outcome version, as writeVisitOutcomesFromHistory (server/modules/field/outcome.repo.ts)
-- does; from here on the outcome writer sets it with each version it inserts.
UPDATE "visits" SET "current_outcome_id" = o.id
FROM (SELECT DISTINCT ON (visit_id) id, visit_id FROM "outcomes" ORDER BY visit_id, version DESC) AS o
WHERE o.visit_id = "visits"."id";
