/**
 * The SQL of the reports' numbers and filters, written once for the dashboard's aggregates, the visit table and
 * the exports: which visits stand behind each dashboard number (a drill), the table's filters and its orders.
 * Every condition reads the visit row alone — its slot and its current outcome's facts are stored on it
 * (migrations 0023, 0024, 0026) — so a table drill counts exactly the visits its dashboard number counts.
 */
import { type SQL, sql } from 'drizzle-orm';
import { addresses, agents, borrowers, cases, visits } from '../../../drizzle/schema';
import type { Drill, VisitTableInput } from '../../../shared/schemas/oversight';

/** Outcomes that count as a promise to pay: a dated promise or an agreed repayment plan (docs/kpis.md). */
const PROMISE_CODES = sql`('promise_to_pay', 'repayment_plan_agreed')`;

export const isCancelled = sql`${visits.status} = 'cancelled'`;
export const isMade = sql`${visits.status} = 'completed'`;
export const isMissed = sql`${visits.status} = 'missed'`;
export const isPresent = sql`(${isMade} and ${visits.outcomePresent})`;
export const isPromise = sql`(${isMade} and ${visits.outcomeCode} in ${PROMISE_CODES})`;
/** A made visit whose current outcome has a repayment plan (stored on the visit by the outcome and plan writers). */
export const isPlan = sql`(${isMade} and ${visits.outcomeHasPlan})`;
export const isCheckedIn = sql`${visits.checkInAt} is not null`;
/**
 * Checked in inside the agreed slot, both ends included: the visit's own copy of its appointment's slot
 * (visits_slot_fk keeps it equal), so the counts need not join every appointment (docs/scale.md, session 25).
 */
export const isOnTime = sql`(${visits.checkInAt} >= ${visits.slotStart} and ${visits.checkInAt} <= ${visits.slotEnd})`;

/**
 * The visits behind each dashboard number. On time and late are not limited to planned visits, as before the
 * numbers moved into SQL: a cancelled visit someone checked in at still shows under its drill (the KPI's
 * denominator counts planned visits only; docs/kpis.md).
 */
export const DRILL_WHERE: Record<Drill, SQL> = {
  planned: sql`(not ${isCancelled})`,
  made: isMade,
  missed: isMissed,
  present: isPresent,
  promise: isPromise,
  plan: isPlan,
  onTime: sql`${isOnTime}`,
  late: sql`(${isCheckedIn} and not ${isOnTime})`,
};

/** The table's narrowing filters: a drill, a day, an outcome, a status and a text anywhere in four columns. */
export type VisitFilters = Pick<VisitTableInput, 'drill' | 'date' | 'outcome' | 'status' | 'search'>;

/** Whether `filters` narrow nothing: the table as it opens, over its whole scope. */
export const noFilters = (filters: VisitFilters) => !Object.values(filters).some(Boolean);

/** `%text%` for ILIKE, with the pattern characters of the text matched literally. */
const containing = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/** The conditions of `filters` (true when none). */
export function visitFiltersWhere(filters: VisitFilters): SQL {
  const parts: SQL[] = [];
  if (filters.drill) parts.push(DRILL_WHERE[filters.drill]);
  if (filters.date) parts.push(sql`${visits.visitDate} = ${filters.date}`);
  if (filters.outcome) parts.push(sql`${visits.outcomeCode} = ${filters.outcome}`);
  if (filters.status) parts.push(sql`${visits.status} = ${filters.status}`);
  if (filters.search) {
    const like = containing(filters.search);
    parts.push(sql`(${borrowers.fullName} ilike ${like} or ${cases.loanRef} ilike ${like}
      or ${agents.fullName} ilike ${like} or ${addresses.district} ilike ${like})`);
  }
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}

type SortKey = { expr: SQL; type: 'date' | 'timestamptz' | 'text' | 'int' };

/**
 * Each order of the table as its keys, none of them null (a missing agent, outcome or amount sorts first going
 * up, as it always has), so that the visit id after them makes every order total and a keyset can resume it.
 * Text in code-point order, the same on every server whatever its collation (the worklist does the same).
 */
const SORT_KEYS: Record<VisitTableInput['sort'], SortKey[]> = {
  visitDate: [
    { expr: sql`${visits.visitDate}`, type: 'date' },
    { expr: sql`${visits.slotStart}`, type: 'timestamptz' },
  ],
  borrower: [{ expr: sql`${borrowers.fullName} collate "C"`, type: 'text' }],
  agent: [{ expr: sql`coalesce(${agents.fullName}, '') collate "C"`, type: 'text' }],
  status: [{ expr: sql`${visits.status}::text collate "C"`, type: 'text' }],
  outcome: [{ expr: sql`coalesce(${visits.outcomeCode}::text, '') collate "C"`, type: 'text' }],
  promised: [{ expr: sql`coalesce(${visits.outcomePromisedCents}, -1)`, type: 'int' }],
  checkIn: [{ expr: sql`coalesce(${visits.checkInAt}, '-infinity'::timestamptz)`, type: 'timestamptz' }],
};

/** ORDER BY for a sort: its keys, then the visit id, all in the one direction. */
export function visitOrder(sort: VisitTableInput['sort'], desc: boolean): SQL[] {
  const dir = sql.raw(desc ? 'desc' : 'asc');
  return [...SORT_KEYS[sort].map((k) => sql`${k.expr} ${dir}`), sql`${visits.id} ${dir}`];
}

/** The sort keys of a row as text, selected with it so the next batch of an export can start after it. */
export function sortKeyColumns(sort: VisitTableInput['sort']): SQL<string[]> {
  return sql<string[]>`array[${sql.join(
    SORT_KEYS[sort].map((k) => sql`(${k.expr})::text`),
    sql`, `,
  )}]`;
}

/** Where the rows after `after` (its sort keys as text and its id) start, in the sort's direction. */
export function afterKeys(
  sort: VisitTableInput['sort'],
  desc: boolean,
  after: { keys: string[]; visitId: string },
): SQL {
  const keys = SORT_KEYS[sort];
  const row = keys.map((k) => k.expr);
  const values = keys.map((k, i) => sql`cast(${after.keys[i]} as ${sql.raw(k.type)})`);
  const op = sql.raw(desc ? '<' : '>');
  return sql`(${sql.join([...row, sql`${visits.id}`], sql`, `)}) ${op} (${sql.join(
    [...values, sql`${after.visitId}::uuid`],
    sql`, `,
  )})`;
}

/**
 * Whether the filters and the order read the case, borrower, address and agent (the text search and the name
 * orders), beyond the visit itself (which carries its slot and its outcome's facts). The table finds its page of
 * visit ids with only these, then joins everything it shows to that page alone.
 */
export function needsPeople(filters: VisitFilters, sort?: VisitTableInput['sort']): boolean {
  return !!filters.search || sort === 'borrower' || sort === 'agent';
}
