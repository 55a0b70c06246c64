import { and, eq, inArray, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { addresses, agents, appointments, borrowers, cases, complaints, visits } from '../../../drizzle/schema';
import type { VisitTableInput } from '../../../shared/schemas/oversight';
import { type DbOrTx, prepareNamed, runNamed } from '../../db/client';
import { builtPerShape, teamPlaceholders, teamValues } from '../../db/named';
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

/** Where a page starts and ends: numbers, or placeholders for them in a statement built once. */
interface PageBounds {
  limit: number | Placeholder;
  offset: number | Placeholder;
  /** offset + limit: how many each team's lateral select reads (teamsPageIds). */
  perTeam: number | Placeholder;
  /** The scope's teams as one uuid[] literal (teamsPageIds). */
  teamList: string | Placeholder;
}

const boundsOf = (scope: VisitScope, page: { limit: number; offset: number }): PageBounds => ({
  ...page,
  perTeam: page.offset + page.limit,
  teamList: `{${(scope.teamIds ?? []).join(',')}}`,
});

/**
 * The page's visit ids in date order for several teams: each team's first offset + limit visits in that order, read
 * from its own range of visits_team_reports_idx (team, date), then merged. In one date-ordered scan of
 * visits_reports_idx (date first) a manager's page read every team's visits of the latest days and dropped the
 * others' (6,000 rows and 4,100 buffers for a page of 25 of 5 teams; docs/scale.md, session 30). The lateral select
 * is named "visits" so that the table's order (visitOrder) reads its columns.
 */
function teamsPageIds(db: DbOrTx, scope: VisitScope, filters: VisitFilters, desc: boolean, page: PageBounds): SQL {
  const perTeam = db
    .select({ id: visits.id, visitDate: visits.visitDate, slotStart: visits.slotStart })
    .from(visits)
    .where(and(sql`${visits.teamId} = t.team_id`, visitScopeWhere(scope), visitFiltersWhere(filters)))
    .orderBy(...visitOrder('visitDate', desc))
    .limit(page.perTeam);
  return sql`select ${visits.id} from unnest(${page.teamList}::uuid[]) as t(team_id)
    cross join lateral (${perTeam}) as ${visits}
    order by ${sql.join(visitOrder('visitDate', desc), sql`, `)} limit ${page.limit} offset ${page.offset}`;
}

/** The statement of a page of the visits matching scope and filters. */
function visitPageQuery(db: DbOrTx, scope: VisitScope, filters: VisitFilters, order: Order, page: PageBounds) {
  const ids =
    order.sort === 'visitDate' && scope.teamIds && scope.teamIds.length > 1 && !needsPeople(filters, order.sort)
      ? teamsPageIds(db, scope, filters, order.desc, page)
      : sql`${matchingVisits(db, sql`${visits.id}`, scope, filters, order.sort)
          .orderBy(...visitOrder(order.sort, order.desc))
          .limit(page.limit)
          .offset(page.offset)}`;
  return selectVisitRows(db, ids, {}).orderBy(...visitOrder(order.sort, order.desc));
}

/** What the text of the table's page as it opens (no filter) depends on; the period, teams and page are values. */
interface OpenPageShape extends Order {
  teams: number | null;
  crew: boolean;
  agent: boolean;
  /** The first page: drizzle leaves out `offset 0`, so its text has no OFFSET. */
  firstPage: boolean;
}

/**
 * The table's page as it opens, one statement per shape built once with placeholders (builtPerShape) and named:
 * planned once per connection instead of per page (≈ half of the page's PostgreSQL CPU; docs/scale.md, session
 * 30), and no longer built anew per page (≈ 0.35 ms of the app's CPU; session 34). Drizzle's comparisons take a
 * placeholder where the scope's value goes: the scope below holds placeholders typed as the strings they stand for.
 */
const openPage = builtPerShape(
  (s: OpenPageShape) => [s.sort, s.desc, s.teams ?? '*', s.crew, s.agent, s.firstPage].join('|'),
  (db, s) => {
    const p = (name: string) => sql.placeholder(name) as unknown as string;
    const scope: VisitScope = {
      teamIds: s.teams === null ? null : (teamPlaceholders(s.teams) as unknown as string[]),
      from: p('from'),
      to: p('to'),
      crewId: s.crew ? p('crew') : undefined,
      agentId: s.agent ? p('agent') : undefined,
    };
    const offset = s.firstPage ? 0 : p('offset');
    const page = { limit: p('limit'), offset, perTeam: p('perTeam'), teamList: p('teamList') };
    return prepareNamed(visitPageQuery(db, scope, {}, s, page as unknown as PageBounds));
  },
);

/** One page of the visits matching scope and filters (their count: countVisits, or the team-day counts). */
export async function findVisitPage(
  db: DbOrTx,
  scope: VisitScope,
  filters: VisitFilters,
  order: Order,
  page: { limit: number; offset: number },
) {
  if (scope.teamIds?.length === 0) return [];
  const bounds = boundsOf(scope, page);
  // Filtered views are built per call and run unnamed: their texts multiply with the filters, and this pool keeps
  // no cap on prepared texts.
  if (!noFilters(filters)) return visitPageQuery(db, scope, filters, order, bounds);
  const shape = {
    sort: order.sort,
    desc: order.desc,
    teams: scope.teamIds?.length ?? null,
    crew: Boolean(scope.crewId),
    agent: Boolean(scope.agentId),
    firstPage: page.offset === 0,
  };
  const values: Record<string, unknown> = { ...bounds, from: scope.from, to: scope.to, ...teamValues(scope.teamIds) };
  if (scope.crewId) values.crew = scope.crewId;
  if (scope.agentId) values.agent = scope.agentId;
  return openPage(db, shape).execute(values);
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
