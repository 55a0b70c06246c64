import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { teams, users } from './org';
import { crews } from './staff';

/** A route the planner produced (or a dispatcher applied) for a crew or a whole team-day. */
export const routePlans = pgTable(
  'route_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    crewId: uuid('crew_id').references(() => crews.id),
    planDate: date('plan_date').notNull(),
    stops: jsonb('stops').$type<Array<{ visitId: string; position: number; plannedArrival: string }>>().notNull(),
    distanceM: integer('distance_m').notNull(),
    durationS: integer('duration_s').notNull(),
    solverStats: jsonb('solver_stats').$type<Record<string, unknown>>().notNull().default({}),
    appliedBy: uuid('applied_by').references(() => users.id),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('route_plans_team_date_idx').on(t.teamId, t.planDate)],
);

/**
 * One auto-plan run of a team-day, from start to applied: the process that solves it writes progress and the
 * result here, so any app process can report its status, cancel it or apply it.
 */
export const planRuns = pgTable(
  'plan_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    planDate: date('plan_date').notNull(),
    fromNow: boolean('from_now').notNull(),
    timeLimitMs: integer('time_limit_ms').notNull(),
    /** running | done | failed */
    state: text('state').notNull(),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** Which process solves it, and when it last said so (a run whose process died is failed, not waited on). */
    workerId: text('worker_id'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    /** What the preview and apply need besides the solution: crews, visits, start places, exclusions. */
    input: jsonb('input').$type<Record<string, unknown>>().notNull(),
    solution: jsonb('solution').$type<Record<string, unknown>>(),
    error: text('error'),
    solveMs: integer('solve_ms'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  (t) => [index('plan_runs_state_idx').on(t.state, t.startedAt), index('plan_runs_user_idx').on(t.userId)],
);
