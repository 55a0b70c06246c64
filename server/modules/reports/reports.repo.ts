import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { addresses, agents, appointments, borrowers, cases, complaints, visits } from '../../../drizzle/schema';
import type { VisitTableInput } from '../../../shared/schemas/oversight';
import { type DbOrTx, runNamed } from '../../db/client';
import { type VisitScope, visitScopeWhere } from '../../db/sql/visit-scope.sql';
import { selectVisitCases } from './visit-cases.sql';
import {
  afterKeys,
  needsPeople,
  noFilters,
  sortKeyColumns,
  type VisitFilters,
  visitFiltersWhere,
  visitOrder,
} from './visit-filters.sql';

/**
 * The table's rows (no PII masking here) for the visit ids `ids` selects. `= any(array(…))` runs the id query
 * once, first, and fetches its rows by primary key: as `in (…)` the planner may join every visit of the period
 * before it looks at the page.
 */
function selectVisitRows<T extends Record<string, SQL>>(db: DbOrTx, ids: SQL, extra: T) {
  return selectVisitCases(db, {
    district: addresses.district,
    outcomeCode: sql<string | null>`${visits.outcomeCode}::text`,
    promisedAmountCents: visits.outcomePromisedCents,
    ...extra,
  }).where(sql`${visits.id} = any(array(${ids}))`);
}

/**
 * The visits of the scope that pass the filters, joined only to what the filters and the order read (a page of
 * 25 then costs the joins of 25 rows, not of every visit of the period); `select` is the ids or a count.
 */
function matchingVisits(
  db: DbOrTx,
  select: SQL,
  scope: VisitScope,
  filters: VisitFilters,
  sort?: Order['sort'],
  resume?: SQL,
) {
  let q = db.select({ v: select }).from(visits).$dynamic();
  if (needsPeople(filters, sort)) {
    q = q
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .innerJoin(addresses, eq(addresses.id, appointments.addressId))
      .innerJoin(cases, eq(cases.id, appointments.caseId))
      .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
      .leftJoin(agents, eq(agents.id, visits.agentId));
  }
  return q.where(and(visitScopeWhere(scope), visitFiltersWhere(filters), resume));
}

type Order = Pick<VisitTableInput, 'sort' | 'desc'>;

/**
 * The page's visit ids in date order for several teams: each team's first offset + limit visits in that order, read
 * from its own range of visits_team_reports_idx (team, date), then merged. In one date-ordered scan of
 * visits_reports_idx (date first) a manager's page read every team's visits of the latest days and dropped the
 * others' (6,000 rows and 4,100 buffers for a page of 25 of 5 teams; docs/scale.md, session 30). The lateral select
 * is named "visits" so that the table's order (visitOrder) reads its columns.
 */
function teamsPageIds(
  db: DbOrTx,
  scope: VisitScope & { teamIds: string[] },
  filters: VisitFilters,
  desc: boolean,
  page: { limit: number; offset: number },
): SQL {
  const perTeam = db
    .select({ id: visits.id, visitDate: visits.visitDate, slotStart: visits.slotStart })
    .from(visits)
    .where(and(sql`${visits.teamId} = t.team_id`, visitScopeWhere(scope), visitFiltersWhere(filters)))
    .orderBy(...visitOrder('visitDate', desc))
    .limit(page.offset + page.limit);
  return sql`select ${visits.id} from unnest(${`{${scope.teamIds.join(',')}}`}::uuid[]) as t(team_id)
    cross join lateral (${perTeam}) as ${visits}
    order by ${sql.join(visitOrder('visitDate', desc), sql`, `)} limit ${page.limit} offset ${page.offset}`;
}

/** One page of the visits matching scope and filters (their count: countVisits, or the team-day counts). */
export async function findVisitPage(
  db: DbOrTx,
  scope: VisitScope,
  filters: VisitFilters,
  order: Order,
  page: { limit: number; offset: number },
) {
  if (scope.teamIds?.length === 0) return [];
  const ids =
    order.sort === 'visitDate' && scope.teamIds && scope.teamIds.length > 1 && !needsPeople(filters, order.sort)
      ? teamsPageIds(db, scope as VisitScope & { teamIds: string[] }, filters, order.desc, page)
      : sql`${matchingVisits(db, sql`${visits.id}`, scope, filters, order.sort)
          .orderBy(...visitOrder(order.sort, order.desc))
          .limit(page.limit)
          .offset(page.offset)}`;
  const rowsQuery = selectVisitRows(db, ids, {}).orderBy(...visitOrder(order.sort, order.desc));
  // The table as it opens (no filter: one text per order and scope shape) runs prepared, planned once per
  // connection instead of per page (≈ half of the page's PostgreSQL CPU; docs/scale.md, session 30). Filtered
  // views stay unprepared: their texts multiply with the filters, and this pool keeps no cap on prepared texts.
  return noFilters(filters) ? runNamed(rowsQuery) : rowsQuery;
}

/** How many visits of the scope pass the filters (prepared, as the page, when there is no filter). */
export async function countVisits(db: DbOrTx, scope: VisitScope, filters: VisitFilters): Promise<number> {
  if (scope.teamIds?.length === 0) return 0;
  const query = matchingVisits(db, sql<number>`count(*)::int`, scope, filters);
  const [counted] = await (noFilters(filters) ? runNamed(query) : query);
  return Number(counted?.v ?? 0);
}
export type VisitTableRow = Awaited<ReturnType<typeof findVisitPage>>[number];

/**
 * The next `limit` rows of the table's order after `after` (from the start without), each with its sort keys
 * so the caller can ask for the batch after it: an export reads its rows this way, a batch at a time.
 */
export async function findVisitBatch(
  db: DbOrTx,
  scope: VisitScope,
  filters: VisitFilters,
  order: Order,
  limit: number,
  after?: { keys: string[]; visitId: string },
) {
  if (scope.teamIds?.length === 0) return [];
  const resume = after && afterKeys(order.sort, order.desc, after);
  const ids = matchingVisits(db, sql`${visits.id}`, scope, filters, order.sort, resume)
    .orderBy(...visitOrder(order.sort, order.desc))
    .limit(limit);
  return selectVisitRows(db, sql`${ids}`, { sortKeys: sortKeyColumns(order.sort) }).orderBy(
    ...visitOrder(order.sort, order.desc),
  );
}

/** Complaints not yet resolved in the given teams. */
export async function countOpenComplaints(db: DbOrTx, teamIds: string[] | null): Promise<number> {
  if (teamIds?.length === 0) return 0;
  const where = teamIds
    ? and(sql`${complaints.status} <> 'resolved'`, inArray(complaints.teamId, teamIds))
    : sql`${complaints.status} <> 'resolved'`;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(complaints).where(where);
  return row?.n ?? 0;
}
