import { bigint, date, doublePrecision, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { outcomeCodeEnum } from './enums';

/*
 * The dashboard's counts of each team-day, so that a period's dashboard sums a row per team-day instead of
 * counting every visit of the period (docs/scale.md, session 30: an admin's month was ~90,000 visits a request).
 * One writer: the `visit_days_*` triggers on visits (migration 0028), which recount every team-day a statement
 * changed a counted column of, in that statement's transaction, after locking the team-day's row here; so the
 * rows are exact at every commit whichever module wrote the visit (the board, the field app, the outcome and plan
 * writers, the roster, the seed). The counts follow the definitions of server/modules/reports/visit-filters.sql.ts;
 * test/integration/visit-day-counts.test.ts holds these rows equal to a count of the visits after every write path.
 * No foreign keys: the triggers are the rows' only writer, and a check per row would slow every visit write.
 */

/** One row per team-day that ever had a visit: the dashboard's KPI counts and the crews that had planned visits. */
export const visitDayCounts = pgTable(
  'visit_day_counts',
  {
    teamId: uuid('team_id').notNull(),
    visitDate: date('visit_date').notNull(),
    /** Every visit of the team-day, cancelled ones too: the reports' visit table's total (migration 0031). */
    visits: integer('visits').notNull().default(0),
    planned: integer('planned').notNull().default(0),
    made: integer('made').notNull().default(0),
    missed: integer('missed').notNull().default(0),
    present: integer('present').notNull().default(0),
    promises: integer('promises').notNull().default(0),
    promisedCents: bigint('promised_cents', { mode: 'number' }).notNull().default(0),
    plans: integer('plans').notNull().default(0),
    checkedIn: integer('checked_in').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
    travelM: doublePrecision('travel_m').notNull().default(0),
    travelMinutes: integer('travel_minutes').notNull().default(0),
    /** Crews with a planned visit of the team that day (a crew serves one team: dispatch's CREW_OTHER_TEAM). */
    crewDays: integer('crew_days').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'visit_day_counts_pk', columns: [t.teamId, t.visitDate] })],
);

/** Made visits of a team-day by their current outcome's code (only codes with a made visit). */
export const visitDayOutcomes = pgTable(
  'visit_day_outcomes',
  {
    teamId: uuid('team_id').notNull(),
    visitDate: date('visit_date').notNull(),
    outcomeCode: outcomeCodeEnum('outcome_code').notNull(),
    made: integer('made').notNull(),
  },
  (t) => [primaryKey({ name: 'visit_day_outcomes_pk', columns: [t.teamId, t.visitDate, t.outcomeCode] })],
);

/** Made visits of a team-day by lead agent, with their contacts and promises (only agents with a made visit). */
export const visitDayAgents = pgTable(
  'visit_day_agents',
  {
    teamId: uuid('team_id').notNull(),
    visitDate: date('visit_date').notNull(),
    agentId: uuid('agent_id').notNull(),
    made: integer('made').notNull(),
    present: integer('present').notNull(),
    promises: integer('promises').notNull(),
  },
  (t) => [primaryKey({ name: 'visit_day_agents_pk', columns: [t.teamId, t.visitDate, t.agentId] })],
);
