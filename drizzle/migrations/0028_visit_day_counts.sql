CREATE TABLE "visit_day_agents" (
	"team_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"agent_id" uuid NOT NULL,
	"made" integer NOT NULL,
	"present" integer NOT NULL,
	"promises" integer NOT NULL,
	CONSTRAINT "visit_day_agents_pk" PRIMARY KEY("team_id","visit_date","agent_id")
);
--> statement-breakpoint
CREATE TABLE "visit_day_counts" (
	"team_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"planned" integer DEFAULT 0 NOT NULL,
	"made" integer DEFAULT 0 NOT NULL,
	"missed" integer DEFAULT 0 NOT NULL,
	"present" integer DEFAULT 0 NOT NULL,
	"promises" integer DEFAULT 0 NOT NULL,
	"promised_cents" bigint DEFAULT 0 NOT NULL,
	"plans" integer DEFAULT 0 NOT NULL,
	"checked_in" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"travel_m" double precision DEFAULT 0 NOT NULL,
	"travel_minutes" integer DEFAULT 0 NOT NULL,
	"crew_days" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "visit_day_counts_pk" PRIMARY KEY("team_id","visit_date")
);
--> statement-breakpoint
CREATE TABLE "visit_day_outcomes" (
	"team_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"outcome_code" "outcome_code" NOT NULL,
	"made" integer NOT NULL,
	CONSTRAINT "visit_day_outcomes_pk" PRIMARY KEY("team_id","visit_date","outcome_code")
);
--> statement-breakpoint
-- Recounts the given team-days from their visits into visit_day_counts, visit_day_outcomes and visit_day_agents
-- (drizzle/schema/visit-days.ts; the counts as server/modules/reports/visit-filters.sql.ts defines them). Each
-- team-day's row is made when missing and locked first, in one order: a concurrent writer of the same team-day
-- waits there until it commits, and the recount after it (statements of their own, so with a snapshot taken after
-- the wait in read committed) includes that writer's visits.
CREATE FUNCTION "visit_days_recount"(team_ids uuid[], visit_dates date[]) RETURNS void LANGUAGE plpgsql AS $$
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
      planned = n.planned, made = n.made, missed = n.missed, present = n.present, promises = n.promises,
      promised_cents = n.promised_cents, plans = n.plans, checked_in = n.checked_in, on_time = n.on_time,
      travel_m = n.travel_m, travel_minutes = n.travel_minutes, crew_days = n.crew_days
    FROM unnest(team_ids, visit_dates) AS k(team_id, visit_date)
    CROSS JOIN LATERAL (
      SELECT
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
-- The one writer of the team-day counts: after each statement that inserts, deletes or changes a counted column of
-- visits, the team-days it touched (before and after the change) are recounted in its transaction.
CREATE FUNCTION "visit_days_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  team_ids uuid[];
  visit_dates date[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM visit_day_counts;
    DELETE FROM visit_day_outcomes;
    DELETE FROM visit_day_agents;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(k.team_id), array_agg(k.visit_date) INTO team_ids, visit_dates
      FROM (SELECT DISTINCT team_id, visit_date FROM new_rows) AS k;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(k.team_id), array_agg(k.visit_date) INTO team_ids, visit_dates
      FROM (SELECT DISTINCT team_id, visit_date FROM old_rows) AS k;
  ELSE
    SELECT array_agg(k.team_id), array_agg(k.visit_date) INTO team_ids, visit_dates
      FROM (
        SELECT d.team_id, d.visit_date
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.team_id, o.visit_date), (n.team_id, n.visit_date)) AS d(team_id, visit_date)
        WHERE (o.team_id, o.visit_date, o.status, o.crew_id, o.agent_id, o.check_in_at, o.slot_start, o.slot_end,
            o.travel_leg_m, o.travel_leg_minutes, o.outcome_code, o.outcome_present, o.outcome_promised_cents,
            o.outcome_has_plan)
          IS DISTINCT FROM (n.team_id, n.visit_date, n.status, n.crew_id, n.agent_id, n.check_in_at, n.slot_start,
            n.slot_end, n.travel_leg_m, n.travel_leg_minutes, n.outcome_code, n.outcome_present,
            n.outcome_promised_cents, n.outcome_has_plan)
        GROUP BY 1, 2
      ) AS k;
  END IF;
  IF team_ids IS NOT NULL THEN
    PERFORM visit_days_recount(team_ids, visit_dates);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "visit_days_insert" AFTER INSERT ON "visits" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_days_changed();--> statement-breakpoint
CREATE TRIGGER "visit_days_update" AFTER UPDATE ON "visits" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_days_changed();--> statement-breakpoint
CREATE TRIGGER "visit_days_delete" AFTER DELETE ON "visits" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_days_changed();--> statement-breakpoint
CREATE TRIGGER "visit_days_truncate" AFTER TRUNCATE ON "visits"
  FOR EACH STATEMENT EXECUTE FUNCTION visit_days_changed();--> statement-breakpoint
-- Backfill: every team-day that has visits.
SELECT visit_days_recount(array_agg(k.team_id), array_agg(k.visit_date))
FROM (SELECT DISTINCT team_id, visit_date FROM visits) AS k;
