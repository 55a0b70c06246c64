import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { addresses, agents, appointments, borrowers, cases, complaints, visits } from '../../../drizzle/schema';
import type { VisitTableInput } from '../../../shared/schemas/oversight';
import type { DbOrTx } from '../../db/client';
import { type VisitScope, visitScopeWhere } from '../../db/sql/visit-scope.sql';
import { selectVisitCases } from './visit-cases.sql';
import {
  afterKeys,
  needsPeople,
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

/** One page of the visits matching scope and filters, and how many match in all. */
export async function findVisitPage(
  db: DbOrTx,
  scope: VisitScope,
  filters: VisitFilters,
  order: Order,
  page: { limit: number; offset: number },
) {
  if (scope.teamIds?.length === 0) return { total: 0, rows: [] };
  const ids = matchingVisits(db, sql`${visits.id}`, scope, filters, order.sort)
    .orderBy(...visitOrder(order.sort, order.desc))
    .limit(page.limit)
    .offset(page.offset);
  const [rows, [counted]] = await Promise.all([
    selectVisitRows(db, sql`${ids}`, {}).orderBy(...visitOrder(order.sort, order.desc)),
    matchingVisits(db, sql<number>`count(*)::int`, scope, filters),
  ]);
  return { total: Number(counted?.v ?? 0), rows };
}
export type VisitTableRow = Awaited<ReturnType<typeof findVisitPage>>['rows'][number];

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
