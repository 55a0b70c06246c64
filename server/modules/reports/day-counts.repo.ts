/**
 * The dashboard's counts of whole teams, summed from the team-day counts the visit triggers keep exact
 * (drizzle/schema/visit-days.ts, migration 0028): a period costs a row per team-day, outcome and agent instead of a
 * visit each (docs/scale.md, session 30). The rows come in visitCounts' shape and grouping ids, so the dashboard
 * splits them the same way; a crew's or an agent's dashboard still counts its visits (dashboard.repo.ts).
 */
import { and, eq, gte, inArray, lte, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { agents, visitDayAgents, visitDayCounts, visitDayOutcomes } from '../../../drizzle/schema';
import { type DbOrTx, prepareNamed } from '../../db/client';
import { builtPerShape, teamPlaceholders, teamValues } from '../../db/named';

/** A period of whole teams (all when null): what the team-day counts can answer. */
export interface TeamDaysScope {
  teamIds: string[] | null;
  from: string;
  to: string;
}

/**
 * The statements' one variable part is how many teams (null: every team): each is built once per team count and
 * database handle with placeholders for the period and the teams (builtPerShape), then run with a scope's values.
 * Building the dashboard's union anew was 0.8–0.96 ms of the app's CPU per call (docs/scale.md, sessions 33–34).
 */
type TeamCount = number | null;
const teamCount = (scope: TeamDaysScope): TeamCount => scope.teamIds?.length ?? null;
const countKey = (teams: TeamCount) => String(teams ?? '*');

/** The values of a scope, by the names of the placeholders `within` puts in the statements. */
function valuesOf(scope: TeamDaysScope): Record<string, string> {
  return { from: scope.from, to: scope.to, ...teamValues(scope.teamIds) };
}

const p = (name: string): Placeholder => sql.placeholder(name);

const within = (t: { teamId: PgColumn; visitDate: PgColumn }, teams: TeamCount) =>
  and(
    gte(t.visitDate, p('from')),
    lte(t.visitDate, p('to')),
    teams === null ? undefined : inArray(t.teamId, teamPlaceholders(teams)),
  );

const total = (column: PgColumn) => sql<number>`(coalesce(sum(${column}), 0))::int`;
const totalFloat = (column: PgColumn) => sql<number>`(coalesce(sum(${column}), 0))::float8`;
const zero = sql<number>`0`;
const none = (type: 'text' | 'uuid') => sql<string | null>`null::${sql.raw(type)}`;

/** The columns a row carries that its grouping does not count (the outcome and agent rows count made visits). */
const notCounted = (made: SQL<number>, present: SQL<number> = zero, promises: SQL<number> = zero) => ({
  planned: zero,
  made,
  missed: zero,
  present,
  promises,
  promisedCents: zero,
  plans: zero,
  checkedIn: zero,
  onTime: zero,
  travelM: zero,
  travelMinutes: zero,
  crewDays: zero,
});

/**
 * The scope's counts as visitCounts gives them (grouping 15 the whole scope, with its crew-days; 7 a day; 11 an
 * outcome code; 12 a lead agent), in one statement.
 */
export async function teamDayCounts(db: DbOrTx, scope: TeamDaysScope) {
  if (scope.teamIds?.length === 0) return [];
  return countsOfTeams(db, teamCount(scope)).execute(valuesOf(scope));
}

// Named (prepareNamed): planning the union was 0.95 of its 3.41 ms of PostgreSQL CPU a call.
const countsOfTeams = builtPerShape(countKey, (db, teams: TeamCount) => {
  const c = visitDayCounts;
  const days = db
    .select({
      // grouping(visit_date): 1 for the whole scope, 0 for a day.
      grouping: sql<number>`(case when grouping(${c.visitDate}) = 1 then 15 else 7 end)`,
      visitDate: sql<string | null>`${c.visitDate}::text`,
      outcomeCode: none('text'),
      agentId: none('uuid'),
      agentName: none('text'),
      planned: total(c.planned),
      made: total(c.made),
      missed: total(c.missed),
      present: total(c.present),
      promises: total(c.promises),
      promisedCents: totalFloat(c.promisedCents),
      plans: total(c.plans),
      checkedIn: total(c.checkedIn),
      onTime: total(c.onTime),
      travelM: totalFloat(c.travelM),
      travelMinutes: total(c.travelMinutes),
      crewDays: total(c.crewDays),
    })
    .from(c)
    .where(within(c, teams))
    .groupBy(sql`grouping sets ((), (${c.visitDate}))`);
  const o = visitDayOutcomes;
  const byOutcome = db
    .select({
      grouping: sql<number>`11`,
      visitDate: none('text'),
      outcomeCode: sql<string | null>`${o.outcomeCode}::text`,
      agentId: none('uuid'),
      agentName: none('text'),
      ...notCounted(total(o.made)),
    })
    .from(o)
    .where(within(o, teams))
    .groupBy(o.outcomeCode);
  const a = visitDayAgents;
  const byAgent = db
    .select({
      grouping: sql<number>`12`,
      visitDate: none('text'),
      outcomeCode: none('text'),
      agentId: sql<string | null>`${a.agentId}`,
      agentName: sql<string | null>`${agents.fullName}`,
      ...notCounted(total(a.made), total(a.present), total(a.promises)),
    })
    .from(a)
    .leftJoin(agents, eq(agents.id, a.agentId))
    .where(within(a, teams))
    .groupBy(a.agentId, agents.fullName);
  return prepareNamed(days.unionAll(byOutcome).unionAll(byAgent));
});

/**
 * How many visits whole teams had in a period, cancelled ones too (visit_day_counts.visits, migration 0031): the
 * reports' visit table's total as it opens, a row per team-day instead of an index entry per visit.
 */
export async function teamDayVisitTotal(db: DbOrTx, scope: TeamDaysScope): Promise<number> {
  if (scope.teamIds?.length === 0) return 0;
  const [row] = await visitTotalOfTeams(db, teamCount(scope)).execute(valuesOf(scope));
  return row?.n ?? 0;
}

const visitTotalOfTeams = builtPerShape(countKey, (db, teams: TeamCount) =>
  prepareNamed(
    db
      .select({ n: total(visitDayCounts.visits) })
      .from(visitDayCounts)
      .where(within(visitDayCounts, teams)),
  ),
);
