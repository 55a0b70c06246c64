-- What a visit row reads of its case (visits.repo.ts: the dispatch board's and the agent's route visits), as index
-- keys, so that the lookup per visit reads this index alone (an index-only scan: ~1,000 pages for 100,000 cases)
-- instead of cases_pkey and a heap page of the case table each; under load those pages come from the OS cache
-- (docs/scale.md, session 29).
CREATE INDEX "cases_visit_row_idx" ON "cases" USING btree ("id","borrower_id","loan_ref","overdue_amount_cents","days_past_due");