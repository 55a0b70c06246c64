/**
 * The cases worklist in SQL: one page of a team's cases in the asked order, the total, and how many cases each
 * filter chip would leave — all counted and sorted by the database (cases_team_*_idx, which also carries the
 * case's stored first notice and earliest unpaid promise, and the partial indexes on agreed appointments and open
 * follow-ups), never in JavaScript. No chip reads a case's whole history: a lender's 90 days of contact attempts
 * and promises made the counts grow with history (docs/scale.md).
 */
import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm';
import {
  addresses,
  appointments,
  cases,
  contactAttempts,
  followUpProposals,
  policySettings,
  teams,
} from '../../../drizzle/schema';
import { ACTIVE_CASE_STATUSES } from '../../../shared/domain/constants';
import {
  WORKLIST_FILTERS,
  type WorklistFilter,
  type WorklistInput,
  type WorklistSort,
} from '../../../shared/schemas/worklist';
import { type DbOrTx, prepareNamed } from '../../db/client';
import { builtPerShape, teamPlaceholderName, teamValues } from '../../db/named';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';
import { type Clock, isPastDue } from '../../db/sql/promise-state.sql';

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

const isActive = sql`${cases.status} in (${list(ACTIVE_CASE_STATUSES)})`;

/** The agreed slots of the case row that have not ended at `at`, for appointments aliased `ap`. */
const agreedAhead = (ap: string, at: Clock) => {
  const a = sql.raw(ap);
  return sql`${a}.case_id = ${cases.id} and ${a}.status = 'agreed' and ${a}.slot_end > ${at}::timestamptz`;
};

/**
 * What each filter chip means, for the case row of the outer query, at `now`. The page and the counts test
 * every chip on every case of the team. "Needs a notice" and "broken promise" read the facts the case row
 * carries (first_notice_at, open_promise_due_on, kept by their writers; cases.state.repo.ts), the latter in
 * `timeZone`, the zone of the team's policy row (the policy row the query joins, or the zone the page's select
 * carried from it); the slot and callback tests are `exists` on the case, answered by an index probe per case or
 * one hash of the rows that can match.
 */
function filterSql(
  at: Clock,
  timeZone: SQL | AnyColumn = policySettings.timeZone,
): Record<WorklistFilter, SQL<boolean>> {
  return {
    needsNotice: sql<boolean>`(${isActive} and ${cases.firstNoticeAt} is null)`,
    noSlot: sql<boolean>`(${isActive} and not exists (select 1 from ${appointments} ap where ${agreedAhead('ap', at)}))`,
    callback: sql<boolean>`exists (select 1 from ${followUpProposals} fp
      where fp.case_id = ${cases.id} and fp.status = 'open' and fp.kind = 'callback')`,
    // "is not null" first: a flag is true or false, never null, for a case with no unpaid promise.
    brokenPromise: sql<boolean>`(${isActive} and ${cases.openPromiseDueOn} is not null
      and ${isPastDue(cases.openPromiseDueOn, timeZone, at)})`,
  };
}

// The case's next agreed slot that has not ended (the first of them), and its latest contact of any kind.
const nextSlotStart = (at: Clock) =>
  sql`(select ap2.slot_start from ${appointments} ap2 where ${agreedAhead('ap2', at)} order by ap2.slot_start limit 1)`;
const lastContact = sql`(select max(ca2.attempted_at) from ${contactAttempts} ca2 where ca2.case_id = ${cases.id})`;

/** The borrower's district (their home address first) for the row. */
const district = sql<string>`(select ad.district from ${addresses} ad where ad.borrower_id = ${cases.borrowerId}
  order by (ad.label = 'home') desc, ad.id limit 1)`;

// Sort keys that can be empty; the others are NOT NULL columns, for which "nulls last" would change nothing but
// keep PostgreSQL from reading them in order from the team's index (a backward scan puts nulls first).
const NULLABLE_SORTS: ReadonlySet<WorklistSort> = new Set(['lastContact', 'nextSlot']);

function orderBy(sort: WorklistSort, desc: boolean, at: Clock): SQL[] {
  const dir = sql.raw(`${desc ? 'desc' : 'asc'}${NULLABLE_SORTS.has(sort) ? ' nulls last' : ''}`);
  const key: Record<WorklistSort, SQL> = {
    daysPastDue: sql`${cases.daysPastDue}`,
    amount: sql`${cases.overdueAmountCents}`,
    lastContact,
    // Code-point order: the same on every server, whatever its collation.
    borrower: sql`lower(${cases.borrowerName}) collate "C"`,
    loanRef: sql`${cases.loanRef}`,
    nextSlot: nextSlotStart(at),
  };
  return [sql`${key[sort]} ${dir}`, sql`${cases.loanRef} asc`];
}

/**
 * What the worklist statements' text depends on; everything else is a value bound to it. Two inputs of one shape
 * run one statement, built once per database handle (builtPerShape): building its text was 0.3–0.4 ms of the app's
 * CPU per search (docs/scale.md, sessions 33–34).
 */
interface WorklistShape {
  /** How many teams (null: every team). */
  teams: number | null;
  status: 'active' | 'all' | 'one';
  q: boolean;
  dpdMin: boolean;
  dpdMax: boolean;
  district: boolean;
  /** Each chip once, in WORKLIST_FILTERS' order: all must hold, so their order changes nothing. */
  filters: WorklistFilter[];
  sort: WorklistSort;
  desc: boolean;
  /** The first page has no OFFSET (drizzle leaves out `offset 0`): its text stays the one it always was. */
  firstPage: boolean;
}

function shapeOf(input: WorklistInput, teamIds: string[] | null): WorklistShape {
  return {
    teams: teamIds ? teamIds.length : null,
    status: input.status === 'active' || input.status === 'all' ? input.status : 'one',
    q: Boolean(input.q),
    dpdMin: input.dpdMin !== undefined,
    dpdMax: input.dpdMax !== undefined,
    district: Boolean(input.district),
    filters: WORKLIST_FILTERS.filter((f) => input.filters.includes(f)),
    sort: input.sort,
    desc: input.desc,
    firstPage: input.page === 0,
  };
}

const shapeKey = (s: WorklistShape) =>
  [
    s.teams ?? '*',
    s.status,
    s.q,
    s.dpdMin,
    s.dpdMax,
    s.district,
    s.filters.join('+'),
    s.sort,
    s.desc,
    s.firstPage,
  ].join('|');

/** The values of one worklist request, by the names of the placeholders they fill. */
function valuesOf(input: WorklistInput, teamIds: string[] | null, now: Date): Record<string, string | number> {
  const values: Record<string, string | number> = {
    at: now.toISOString(),
    limit: input.pageSize,
    offset: input.page * input.pageSize,
    ...teamValues(teamIds),
  };
  if (input.status !== 'active' && input.status !== 'all') values.status = input.status;
  // The text searched for, its LIKE wildcards escaped.
  if (input.q) values.like = `%${input.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  if (input.dpdMin !== undefined) values.dpdMin = input.dpdMin;
  if (input.dpdMax !== undefined) values.dpdMax = input.dpdMax;
  if (input.district) values.district = input.district;
  return values;
}

/** A value of the statement: a placeholder (built once, run with valuesOf) or the value itself (EXPLAIN). */
type Bind = (name: string) => Placeholder | string | number;

/** The conditions every row of the page and every count share: team, status, text, days past due, district. */
function baseWhere(s: WorklistShape, v: Bind): SQL {
  const parts: SQL[] = [];
  if (s.teams !== null) {
    const teams = Array.from({ length: s.teams }, (_, i) => sql`${v(teamPlaceholderName(i))}`);
    parts.push(s.teams === 0 ? sql`false` : sql`${cases.teamId} in (${sql.join(teams, sql`, `)})`);
  }
  if (s.status === 'active') parts.push(isActive);
  else if (s.status === 'one') parts.push(sql`${cases.status} = ${v('status')}`);
  if (s.q) {
    // `loan_ref ilike … or borrower_name ilike …`, from the lowercased copy the case stores (0029) and
    // cases_team_status_idx carries: ILIKE lowercased both columns of each of the team's cases on every search
    // (2,500 on the lender preset; docs/scale.md, session 31). The pattern is lowercased as ILIKE lowercases it.
    // The pattern lowered once per statement (an InitPlan): `lower(<parameter>)` in a generic plan is not folded to
    // a constant, and PostgreSQL lowered it again for each of the team's cases (10 % of the statement's CPU).
    parts.push(sql`${cases.searchText} like (select lower(${v('like')}))`);
  }
  if (s.dpdMin) parts.push(sql`${cases.daysPastDue} >= ${v('dpdMin')}`);
  if (s.dpdMax) parts.push(sql`${cases.daysPastDue} <= ${v('dpdMax')}`);
  if (s.district) {
    parts.push(sql`exists (select 1 from ${addresses} ad2
      where ad2.borrower_id = ${cases.borrowerId} and ad2.district = ${v('district')})`);
  }
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}

/**
 * The cases of a worklist select with their team's policy row (its zone dates a broken promise). Written as SQL so
 * that drizzle names every column with its table: the flags' subqueries must see "cases"."id", never a bare "id".
 */
const casesFrom = sql`${cases} inner join ${policySettings} on ${policySettings.teamId} = ${cases.teamId} and ${policyRowInEffect()}`;

/**
 * The two queries of a worklist page, not yet run: the page of rows with the total and the count each chip would
 * leave, and those counts alone (for a page past the end, which has no row to carry them). Separate from running
 * them so that the bench can EXPLAIN exactly what the app sends.
 *
 * The page is chosen first — the ids of the cases that match, in order, limited to the page — and only its rows
 * get a district, a last contact, a next slot and their flags: computed in the same select as the ordering,
 * PostgreSQL planned them for every case of the team (hashing every notice ever logged to answer 25 rows). The
 * counts are window counts over every matching case in that same select, taken before the limit: the team's cases
 * are scanned and their chips tested once, in one statement, where a separate count statement scanned them again
 * (docs/scale.md, session 32). The page's rows take their team's zone from that select (which joined the policy
 * row for the broken-promise chip) rather than joining the policy row again, and their next slot's start and end
 * from one lookup (session 33).
 */
function worklistStatements(db: DbOrTx, s: WorklistShape, v: Bind) {
  const at = v('at') as Clock;
  const flags = filterSql(at);
  const chosen = s.filters.map((f) => flags[f]);
  const where = sql.join([baseWhere(s, v), ...chosen], sql` and `);
  const order = orderBy(s.sort, s.desc, at);
  const counted = (name: string, flag?: SQL<boolean>) =>
    sql<number>`(count(*) ${flag ? sql`filter (where ${flag}) ` : sql``}over ())::int`.as(name);
  const pageIds = db
    .select({
      // Qualified by hand: in a select list over SQL drizzle writes a bare "id".
      caseId: sql<string>`${cases}.id`.as('case_id'),
      // The zone of the team's policy row the scan already joined: the page's rows read it from here.
      timeZone: sql<string>`${policySettings}.time_zone`.as('time_zone'),
      total: counted('total'),
      needsNotice: counted('needs_notice', flags.needsNotice),
      noSlot: counted('no_slot', flags.noSlot),
      callback: counted('callback', flags.callback),
      brokenPromise: counted('broken_promise', flags.brokenPromise),
    })
    .from(casesFrom)
    .where(where)
    .orderBy(...order)
    .limit(v('limit') as number | Placeholder)
    .offset(s.firstPage ? 0 : (v('offset') as number | Placeholder))
    .as('page_ids');
  // The page's rows: their flags in their team's zone as the scan read it, their next slot looked up once.
  const rowFlags = filterSql(at, sql`page_ids.time_zone`);
  const nextSlotOfRow = db
    .select({ start: sql<Date>`ns.slot_start`.as('next_start'), end: sql<Date>`ns.slot_end`.as('next_end') })
    .from(sql`${appointments} ns`)
    .where(agreedAhead('ns', at))
    .orderBy(sql`ns.slot_start`)
    .limit(1)
    .as('next_slot');
  return {
    page: db
      .select({
        id: cases.id,
        teamId: cases.teamId,
        teamName: teams.name,
        timeZone: pageIds.timeZone,
        loanRef: cases.loanRef,
        borrowerName: cases.borrowerName,
        district,
        daysPastDue: cases.daysPastDue,
        overdueAmountCents: cases.overdueAmountCents,
        status: cases.status,
        lastContactAt: sql<Date | null>`${lastContact}`.mapWith(contactAttempts.attemptedAt),
        nextSlotStart: sql<Date | null>`${nextSlotOfRow.start}`.mapWith(appointments.slotStart),
        nextSlotEnd: sql<Date | null>`${nextSlotOfRow.end}`.mapWith(appointments.slotEnd),
        ...rowFlags,
        counts: {
          total: pageIds.total,
          needsNotice: pageIds.needsNotice,
          noSlot: pageIds.noSlot,
          callback: pageIds.callback,
          brokenPromise: pageIds.brokenPromise,
        },
      })
      .from(pageIds)
      .innerJoin(cases, sql`${cases.id} = ${pageIds.caseId}`)
      .innerJoin(teams, sql`${teams.id} = ${cases.teamId}`)
      .leftJoinLateral(nextSlotOfRow, sql`true`)
      .orderBy(...order),
    counts: db
      .select({
        total: sql<number>`count(*)::int`,
        needsNotice: sql<number>`count(*) filter (where ${flags.needsNotice})::int`,
        noSlot: sql<number>`count(*) filter (where ${flags.noSlot})::int`,
        callback: sql<number>`count(*) filter (where ${flags.callback})::int`,
        brokenPromise: sql<number>`count(*) filter (where ${flags.brokenPromise})::int`,
      })
      .from(casesFrom)
      .where(where),
  };
}

const NO_CASES = { total: 0, needsNotice: 0, noSlot: 0, callback: 0, brokenPromise: 0 };

/** The two statements of a request's shape, with placeholders, built once per database handle and shape. */
const preparedWorklist = builtPerShape(shapeKey, (db, s: WorklistShape) => {
  const q = worklistStatements(db, s, (name) => sql.placeholder(name));
  return { page: prepareNamed(q.page), counts: prepareNamed(q.counts) };
});

/**
 * The worklist statements of a request with its values in them, as the app runs them (preparedWorklist is the same
 * text): for the bench to EXPLAIN.
 */
export function worklistQueries(db: DbOrTx, input: WorklistInput, teamIds: string[] | null, now: Date) {
  const values = valuesOf(input, teamIds, now);
  return worklistStatements(db, shapeOf(input, teamIds), (name) => values[name] as string | number);
}

/**
 * One page of the worklist, the total matching every filter, and the count each chip would leave: one statement
 * when the page has rows (they carry the counts); an empty first page means nothing matches; only a page past the
 * end counts in a statement of its own.
 */
export async function findWorklistPage(db: DbOrTx, input: WorklistInput, teamIds: string[] | null, now: Date) {
  const q = preparedWorklist(db, shapeOf(input, teamIds));
  const values = valuesOf(input, teamIds, now);
  const found = await q.page.execute(values);
  const rows = found.map(({ counts: _, ...row }) => row);
  if (found[0]) return { rows, counts: found[0].counts };
  if (input.page === 0) return { rows, counts: NO_CASES };
  const [counts] = await q.counts.execute(values);
  return { rows, counts: counts ?? NO_CASES };
}

/** The districts of the borrowers' addresses on the teams' cases, for the district filter. */
export async function findDistricts(db: DbOrTx, teamIds: string[] | null): Promise<string[]> {
  const rows = await db
    .select({ district: addresses.district })
    .from(addresses)
    .innerJoin(cases, sql`${cases.borrowerId} = ${addresses.borrowerId}`)
    .where(teamIds ? (teamIds.length ? sql`${cases.teamId} in (${list(teamIds)})` : sql`false`) : undefined)
    .groupBy(addresses.district)
    .orderBy(sql`${addresses.district} collate "C"`);
  return rows.map((r) => r.district);
}
