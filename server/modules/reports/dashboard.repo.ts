/**
 * The dashboard's numbers, counted by the database: one grouped pass over the visits of the scope gives the
 * KPI counts (crew-days apart), the trend by day, the outcome breakdown and the agent comparison (grouping sets), and one
 * narrow select gives the check-ins the travel KPIs measure. Definitions: docs/kpis.md; conditions:
 * visit-filters.sql.ts, the same the table's drills use.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { addresses, agents, appointments, visitPlace, visits } from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { latestOutcome, type VisitScope, visitScopeWhere } from '../../db/sql/visit-scope.sql';
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

const lo = sql.raw('lo');
const count = (where: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${where}))::int`;
const planned = sql`(not ${isCancelled})`;

/** Which grouping a row of visitCounts is: the whole scope, a day, an outcome code or a lead agent. */
const GROUPING = sql<number>`grouping(${visits.visitDate}, ${lo}.code, ${visits.agentId}, ${agents.fullName})`;

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
      outcomeCode: sql<string | null>`${lo}.code::text`,
      agentId: visits.agentId,
      agentName: agents.fullName,
      planned: count(planned),
      made: count(isMade),
      missed: count(isMissed),
      present: count(isPresent),
      promises: count(isPromise),
      promisedCents: sql<number>`(coalesce(sum(${lo}.promised_amount_cents) filter (where ${isMade}), 0))::float8`,
      plans: count(isPlan),
      // The KPI counts check-ins of planned visits only (as it always has; the late/on-time drills do not).
      checkedIn: count(sql`(${planned} and ${isCheckedIn})`),
      onTime: count(sql`(${planned} and ${isOnTime})`),
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .leftJoin(agents, eq(agents.id, visits.agentId))
    .leftJoin(latestOutcome, sql`true`)
    .where(visitScopeWhere(scope))
    .groupBy(sql`grouping sets ((), (${visits.visitDate}), (${lo}.code), (${visits.agentId}, ${agents.fullName}))`);
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

/**
 * The made, checked-in visits of the scope with a crew, in each crew-day's check-in order: the legs travelled.
 * Only what a leg needs crosses the wire (an admin's quarter is ~190,000 rows; the check-in time orders them
 * in SQL and would only be parsed into a Date nobody reads).
 */
export async function findCheckIns(db: DbOrTx, scope: VisitScope) {
  if (scope.teamIds?.length === 0) return [];
  return db
    .select({
      crewId: visits.crewId,
      visitDate: visits.visitDate,
      lat: visitPlace.lat,
      lng: visitPlace.lng,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .where(and(visitScopeWhere(scope), isMade, isCheckedIn, sql`${visits.crewId} is not null`))
    .orderBy(asc(visits.crewId), asc(visits.visitDate), asc(visits.checkInAt), asc(visits.id));
}
export type CheckIn = Awaited<ReturnType<typeof findCheckIns>>[number];
