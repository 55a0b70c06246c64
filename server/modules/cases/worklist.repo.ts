/**
 * The cases worklist in SQL: one page of a team's cases in the asked order, the total, and how many cases each
 * filter chip would leave — all counted and sorted by the database (cases_team_*_idx, which also carries the
 * case's stored first notice and earliest unpaid promise, and the partial indexes on agreed appointments and open
 * follow-ups), never in JavaScript. No chip reads a case's whole history: a lender's 90 days of contact attempts
 * and promises made the counts grow with history (docs/scale.md).
 */
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
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
import type { WorklistFilter, WorklistInput, WorklistSort } from '../../../shared/schemas/worklist';
import { type DbOrTx, runPrepared } from '../../db/client';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';
import { isPastDue } from '../../db/sql/promise-state.sql';

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

const isActive = sql`${cases.status} in (${list(ACTIVE_CASE_STATUSES)})`;

/** The agreed slots of the case row that have not ended at `at`, for appointments aliased `ap`. */
const agreedAhead = (ap: string, at: string) => {
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
  now: Date,
  timeZone: SQL | AnyColumn = policySettings.timeZone,
): Record<WorklistFilter, SQL<boolean>> {
  const at = now.toISOString();
  return {
    needsNotice: sql<boolean>`(${isActive} and ${cases.firstNoticeAt} is null)`,
    noSlot: sql<boolean>`(${isActive} and not exists (select 1 from ${appointments} ap where ${agreedAhead('ap', at)}))`,
    callback: sql<boolean>`exists (select 1 from ${followUpProposals} fp
      where fp.case_id = ${cases.id} and fp.status = 'open' and fp.kind = 'callback')`,
    // "is not null" first: a flag is true or false, never null, for a case with no unpaid promise.
    brokenPromise: sql<boolean>`(${isActive} and ${cases.openPromiseDueOn} is not null
      and ${isPastDue(cases.openPromiseDueOn, timeZone, now)})`,
  };
}

// The case's next agreed slot that has not ended (the first of them), and its latest contact of any kind.
const nextSlotStart = (at: string) =>
  sql`(select ap2.slot_start from ${appointments} ap2 where ${agreedAhead('ap2', at)} order by ap2.slot_start limit 1)`;
const lastContact = sql`(select max(ca2.attempted_at) from ${contactAttempts} ca2 where ca2.case_id = ${cases.id})`;

/** The borrower's district (their home address first) for the row. */
const district = sql<string>`(select ad.district from ${addresses} ad where ad.borrower_id = ${cases.borrowerId}
  order by (ad.label = 'home') desc, ad.id limit 1)`;

// Sort keys that can be empty; the others are NOT NULL columns, for which "nulls last" would change nothing but
// keep PostgreSQL from reading them in order from the team's index (a backward scan puts nulls first).
const NULLABLE_SORTS: ReadonlySet<WorklistSort> = new Set(['lastContact', 'nextSlot']);

function orderBy(sort: WorklistSort, desc: boolean, at: string): SQL[] {
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

/** The conditions every row of the page and every count share: team, status, text, days past due, district. */
function baseWhere(input: WorklistInput, teamIds: string[] | null): SQL {
  const parts: SQL[] = [];
  if (teamIds) parts.push(teamIds.length === 0 ? sql`false` : sql`${cases.teamId} in (${list(teamIds)})`);
  if (input.status === 'active') parts.push(isActive);
  else if (input.status !== 'all') parts.push(sql`${cases.status} = ${input.status}`);
  if (input.q) {
    const like = `%${input.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    // `loan_ref ilike … or borrower_name ilike …`, from the lowercased copy the case stores (0029) and
    // cases_team_status_idx carries: ILIKE lowercased both columns of each of the team's cases on every search
    // (2,500 on the lender preset; docs/scale.md, session 31). The pattern is lowercased as ILIKE lowercases it.
    // The pattern lowered once per statement (an InitPlan): `lower(<parameter>)` in a generic plan is not folded to
    // a constant, and PostgreSQL lowered it again for each of the team's cases (10 % of the statement's CPU).
    parts.push(sql`${cases.searchText} like (select lower(${like}))`);
  }
  if (input.dpdMin !== undefined) parts.push(sql`${cases.daysPastDue} >= ${input.dpdMin}`);
  if (input.dpdMax !== undefined) parts.push(sql`${cases.daysPastDue} <= ${input.dpdMax}`);
  if (input.district) {
    parts.push(sql`exists (select 1 from ${addresses} ad2
      where ad2.borrower_id = ${cases.borrowerId} and ad2.district = ${input.district})`);
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
export function worklistQueries(db: DbOrTx, input: WorklistInput, teamIds: string[] | null, now: Date) {
  const at = now.toISOString();
  const flags = filterSql(now);
  const chosen = [...new Set(input.filters)].map((f) => flags[f]);
  const where = sql.join([baseWhere(input, teamIds), ...chosen], sql` and `);
  const order = orderBy(input.sort, input.desc, at);
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
    .limit(input.pageSize)
    .offset(input.page * input.pageSize)
    .as('page_ids');
  // The page's rows: their flags in their team's zone as the scan read it, their next slot looked up once.
  const rowFlags = filterSql(now, sql`page_ids.time_zone`);
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

/**
 * One page of the worklist, the total matching every filter, and the count each chip would leave: one statement
 * when the page has rows (they carry the counts); an empty first page means nothing matches; only a page past the
 * end counts in a statement of its own.
 */
export async function findWorklistPage(db: DbOrTx, input: WorklistInput, teamIds: string[] | null, now: Date) {
  const q = worklistQueries(db, input, teamIds, now);
  const found = await runPrepared(q.page);
  const rows = found.map(({ counts: _, ...row }) => row);
  if (found[0]) return { rows, counts: found[0].counts };
  if (input.page === 0) return { rows, counts: NO_CASES };
  const [counts] = await runPrepared(q.counts);
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
