import { date, index, integer, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
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
