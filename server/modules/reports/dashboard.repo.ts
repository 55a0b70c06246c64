/**
 * The dashboard's numbers, counted by the database: one grouped pass over the visits of the scope gives the
 * KPI counts (crew-days apart) with the travelled legs' sums, the trend by day, the outcome breakdown and the agent
 * comparison (grouping sets). Definitions: docs/kpis.md; conditions: visit-filters.sql.ts, the same the table's
 * drills use.
 */
import { and, eq, sql } from 'drizzle-orm';
import { agents, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { type VisitScope, visitScopeWhere } from '../../db/sql/visit-scope.sql';
import {
  isCancelled,
  isCheckedIn,
  isMade,
  isMissed,
  isOnTime,
  isPlan,
  isPresent,
  isPromise,
} from './visit-filters.sql';

const count = (where: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${where}))::int`;
const planned = sql`(not ${isCancelled})`;
const travelled = sql`(${isMade} and ${isCheckedIn} and ${visits.crewId} is not null)`;

/** Which grouping a row of visitCounts is: the whole scope, a day, an outcome code or a lead agent. */
const GROUPING = sql<number>`grouping(${visits.visitDate}, ${visits.outcomeCode}, ${visits.agentId}, ${agents.fullName})`;

/**
 * Counts per grouping of the scope's visits. `grouping` tells the sets apart (bits, in the order of the
 * grouping() arguments, set for the columns not grouped by): 15 the whole scope, 7 a day, 11 an outcome,
 * 12 an agent.
 */
export async function visitCounts(db: DbOrTx, scope: VisitScope) {
  if (scope.teamIds?.length === 0) return [];
  return db
    .select({
      grouping: GROUPING,
      visitDate: visits.visitDate,
      outcomeCode: sql<string | null>`${visits.outcomeCode}::text`,
      agentId: visits.agentId,
      agentName: agents.fullName,
      planned: count(planned),
      made: count(isMade),
      missed: count(isMissed),
      present: count(isPresent),
      promises: count(isPromise),
      promisedCents: sql<number>`(coalesce(sum(${visits.outcomePromisedCents}) filter (where ${isMade}), 0))::float8`,
      plans: count(isPlan),
      // The KPI counts check-ins of planned visits only (as it always has; the late/on-time drills do not).
      checkedIn: count(sql`(${planned} and ${isCheckedIn})`),
      onTime: count(sql`(${planned} and ${isOnTime})`),
      // The legs the crews travelled to made check-ins, stored by the outcome writer (field/travel-legs.ts).
      travelM: sql<number>`(coalesce(sum(${visits.travelLegM}) filter (where ${travelled}), 0))::float8`,
      travelMinutes: sql<number>`(coalesce(sum(${visits.travelLegMinutes}) filter (where ${travelled}), 0))::int`,
    })
    .from(visits)
    .leftJoin(agents, eq(agents.id, visits.agentId))
    .where(visitScopeWhere(scope))
    .groupBy(
      sql`grouping sets ((), (${visits.visitDate}), (${visits.outcomeCode}), (${visits.agentId}, ${agents.fullName}))`,
    );
}
export type VisitCounts = Awaited<ReturnType<typeof visitCounts>>[number];

/**
 * Crew-days (crew × date) of the scope with at least one planned visit. Apart from visitCounts: a distinct
 * count there would make every grouping set sort its rows instead of hashing them.
 */
export async function countCrewDays(db: DbOrTx, scope: VisitScope): Promise<number> {
  if (scope.teamIds?.length === 0) return 0;
  const days = db
    .selectDistinct({ crewId: visits.crewId, visitDate: visits.visitDate })
    .from(visits)
    .where(and(visitScopeWhere(scope), planned, sql`${visits.crewId} is not null`))
    .as('crew_days');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(days);
  return row?.n ?? 0;
}
