-- Written by hand: two proposeFollowUps at once could propose a promise twice; the copies were made in the same
-- moment and decided together (closing is per case), so the later ones go before the unique indexes arrive.
DELETE FROM "follow_up_proposals" AS later USING "follow_up_proposals" AS first
  WHERE (later."instalment_id" = first."instalment_id" OR later."outcome_id" = first."outcome_id")
    AND (later."created_at", later."id") > (first."created_at", first."id");--> statement-breakpoint
DROP INDEX "follow_up_proposals_outcome_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_proposals_instalment_unique" ON "follow_up_proposals" USING btree ("instalment_id") WHERE "follow_up_proposals"."instalment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_proposals_outcome_unique" ON "follow_up_proposals" USING btree ("outcome_id") WHERE "follow_up_proposals"."outcome_id" is not null;
