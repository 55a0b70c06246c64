ALTER TABLE "visit_day_counts" ADD COLUMN "visits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every visit of a team-day, cancelled ones too, counted with the rest (0028's recount, its generic plans of 0030 kept):
-- the reports' visit table as it opens (whole teams, no filter) sums a row per team-day for its total instead of
-- counting every visit of the period (an admin's month: 90,000 index entries, 16 ms of PostgreSQL CPU a page;
-- docs/scale.md, session 32). Any statement that changes the total (an insert, a delete, a team or date moved)
-- already recounts its team-days; a status change to or from cancelled too.
CREATE OR REPLACE FUNCTION "visit_days_recount"(team_ids uuid[], visit_dates date[]) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  INSERT INTO visit_day_counts (team_id, visit_date)
    SELECT k.team_id, k.visit_date FROM unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
  PERFORM 1 FROM visit_day_counts c, unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    WHERE c.team_id = k.team_id AND c.visit_date = k.visit_date
    ORDER BY c.team_id, c.visit_date
    FOR UPDATE OF c;
  UPDATE visit_day_counts c SET
      visits = n.visits, planned = n.planned, made = n.made, missed = n.missed, present = n.present, promises = n.promises,
      promised_cents = n.promised_cents, plans = n.plans, checked_in = n.checked_in, on_time = n.on_time,
      travel_m = n.travel_m, travel_minutes = n.travel_minutes, crew_days = n.crew_days
    FROM unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    CROSS JOIN LATERAL (
      SELECT
        count(*)::int AS visits,
        (count(*) FILTER (WHERE v.status <> 'cancelled'))::int AS planned,
        (count(*) FILTER (WHERE v.status = 'completed'))::int AS made,
        (count(*) FILTER (WHERE v.status = 'missed'))::int AS missed,
        (count(*) FILTER (WHERE v.status = 'completed' AND v.outcome_present))::int AS present,
        (count(*) FILTER (WHERE v.status = 'completed'
          AND v.outcome_code IN ('promise_to_pay', 'repayment_plan_agreed')))::int AS promises,
        coalesce(sum(v.outcome_promised_cents) FILTER (WHERE v.status = 'completed'), 0) AS promised_cents,
        (count(*) FILTER (WHERE v.status = 'completed' AND v.outcome_has_plan))::int AS plans,
        (count(*) FILTER (WHERE v.status <> 'cancelled' AND v.check_in_at IS NOT NULL))::int AS checked_in,
        (count(*) FILTER (WHERE v.status <> 'cancelled'
          AND v.check_in_at >= v.slot_start AND v.check_in_at <= v.slot_end))::int AS on_time,
        coalesce(sum(v.travel_leg_m) FILTER (WHERE v.status = 'completed' AND v.check_in_at IS NOT NULL
          AND v.crew_id IS NOT NULL), 0) AS travel_m,
        coalesce(sum(v.travel_leg_minutes) FILTER (WHERE v.status = 'completed' AND v.check_in_at IS NOT NULL
          AND v.crew_id IS NOT NULL), 0)::int AS travel_minutes,
        (count(DISTINCT v.crew_id) FILTER (WHERE v.status <> 'cancelled'))::int AS crew_days
      FROM visits v WHERE v.team_id = k.team_id AND v.visit_date = k.visit_date
    ) AS n
    WHERE c.team_id = k.team_id AND c.visit_date = k.visit_date;
  DELETE FROM visit_day_outcomes o USING unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    WHERE o.team_id = k.team_id AND o.visit_date = k.visit_date;
  INSERT INTO visit_day_outcomes (team_id, visit_date, outcome_code, made)
    SELECT v.team_id, v.visit_date, v.outcome_code, count(*)::int
    FROM unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    JOIN visits v ON v.team_id = k.team_id AND v.visit_date = k.visit_date
    WHERE v.status = 'completed' AND v.outcome_code IS NOT NULL
    GROUP BY 1, 2, 3;
  DELETE FROM visit_day_agents a USING unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    WHERE a.team_id = k.team_id AND a.visit_date = k.visit_date;
  INSERT INTO visit_day_agents (team_id, visit_date, agent_id, made, present, promises)
    SELECT v.team_id, v.visit_date, v.agent_id, count(*)::int,
      (count(*) FILTER (WHERE v.outcome_present))::int,
      (count(*) FILTER (WHERE v.outcome_code IN ('promise_to_pay', 'repayment_plan_agreed')))::int
    FROM unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    JOIN visits v ON v.team_id = k.team_id AND v.visit_date = k.visit_date
    WHERE v.status = 'completed' AND v.agent_id IS NOT NULL
    GROUP BY 1, 2, 3;
END $$;
--> statement-breakpoint
-- Backfill: the rows 0028 made (one per team-day that had a visit).
UPDATE visit_day_counts c SET visits = n.visits
FROM (SELECT team_id, visit_date, count(*)::int AS visits FROM visits GROUP BY 1, 2) AS n
WHERE c.team_id = n.team_id AND c.visit_date = n.visit_date;
