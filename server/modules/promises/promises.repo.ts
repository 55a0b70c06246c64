import { type SQL, sql } from 'drizzle-orm';
import { cases, followUpProposals } from '../../../drizzle/schema';
import type { PromiseKind, PromiseState } from '../../../shared/domain/promises';
import { type DbOrTx, prepareNamed } from '../../db/client';
import { builtPerShape, teamPlaceholders, teamValues } from '../../db/named';
import {
  type PromiseScope,
  promiseRows,
  promiseState,
  promiseStateTests,
  storedFactsCover,
  storedPromiseRows,
  teamToday,
} from '../../db/sql/promise-state.sql';

/** The columns of a promise row `p` as the tracker and the proposals read them. */
function promiseColumns(now: Date) {
  return {
    id: sql<string>`p.id`,
    kind: sql<PromiseKind>`p.kind`,
    caseId: sql<string>`p.case_id`,
    teamId: sql<string>`p.team_id`,
    loanRef: sql<string>`p.loan_ref`,
    visitId: sql<string>`p.visit_id`,
    madeOn: sql<string>`p.visit_date::text`,
    seq: sql<number | null>`p.seq`,
    dueDate: sql<string>`p.due_date::text`,
    amountCents: sql<number>`p.amount_cents::int`,
    paidCents: sql<number>`p.paid_cents::int`,
    paidOn: sql<string | null>`p.paid_in_full_on::text`,
    timeZone: sql<string>`p.time_zone`,
    today: sql<string>`${teamToday('p', now)}::text`,
    state: promiseState('p', now),
  };
}

// The follow-up proposal last made for a promise (of either kind), if any.
// (Through the case: the case's index finds its few proposals.)
const proposalStatus = sql<string | null>`(select fp.status from ${followUpProposals} fp
  where fp.case_id = p.case_id and (fp.instalment_id = p.id or fp.outcome_id = p.id)
  order by fp.created_at desc limit 1)`;

/** One page of the promises in scope at `now`, due date first, with the total and the count in each state. */
export async function findPromisePage(
  db: DbOrTx,
  scope: PromiseScope,
  now: Date,
  opts: { state?: PromiseState; page: number; pageSize: number },
) {
  const state = promiseState('p', now);
  const where = opts.state ? sql`${state} = ${opts.state}` : sql`true`;
  const [rows, counts] = await Promise.all([
    db
      .select({ ...promiseColumns(now), proposalStatus })
      .from(sql`${promiseRows(scope)} as p`)
      .where(where)
      .orderBy(sql`p.due_date`, sql`p.loan_ref`, sql`p.seq nulls first`, sql`p.id`)
      .limit(opts.pageSize)
      .offset(opts.page * opts.pageSize),
    countPromiseStates(db, scope, now),
  ]);
  return { rows, counts };
}

/**
 * How many promises in scope are in each state at `now`: from the stored promise facts when they cover the scope
 * (an admin's month: 60,000 promises read from one index instead of derived one by one, each team's today taken
 * once), else derived. One row, a count filtered by each state's test (counting into four columns, not grouping by
 * the state's word: half the CPU of the grouped count on the admin's month; docs/scale.md, session 33).
 */
export async function countPromiseStates(
  db: DbOrTx,
  scope: PromiseScope,
  now: Date,
): Promise<Record<PromiseState, number>> {
  const [row] = storedFactsCover(scope)
    ? await storedStateCount(db, storedShape(scope)).execute(storedValues(scope, now))
    : await stateCount(db, promiseRows(scope), teamToday('p', now));
  return row ?? { kept: 0, paid_late: 0, broken: 0, due: 0 };
}

/** How many of the promise rows `rows` (aliased p) are in each state, `today` being each one's team's today. */
function stateCount(db: DbOrTx, rows: SQL, today: SQL) {
  const is = promiseStateTests('p', today);
  const counted = (test: SQL<boolean>) => sql<number>`(count(*) filter (where ${test}))::int`;
  return db
    .select({
      kept: counted(is.kept),
      paid_late: counted(is.paid_late),
      broken: counted(is.broken),
      due: counted(is.due),
    })
    .from(sql`${rows} as p`);
}

/** What the stored count's text depends on: how many teams (null: all), whether the due dates are bounded. */
interface StoredShape {
  teams: number | null;
  dueFrom: boolean;
  dueTo: boolean;
}

const storedShape = (scope: PromiseScope): StoredShape => ({
  teams: scope.teamIds ? scope.teamIds.length : null,
  dueFrom: Boolean(scope.dueFrom),
  dueTo: Boolean(scope.dueTo),
});

function storedValues(scope: PromiseScope, now: Date): Record<string, string> {
  const values: Record<string, string> = { now: now.toISOString(), ...teamValues(scope.teamIds) };
  if (scope.dueFrom) values.dueFrom = scope.dueFrom;
  if (scope.dueTo) values.dueTo = scope.dueTo;
  return values;
}

/**
 * The stored count built once per shape with placeholders (builtPerShape): building it anew was ≈ 0.2 ms of the app's
 * CPU per dashboard (docs/scale.md, session 34). Named, so that each connection plans it once (the reports' pool plans
 * its other statements on every call): its plan — team by team — depends on no value. The derived count (a crew's, an
 * agent's) is built and planned per call, for its values. The scope below holds placeholders typed as the strings they
 * stand for: the scope's conditions take them where the values go.
 */
const storedStateCount = builtPerShape(
  (s: StoredShape) => [s.teams ?? '*', s.dueFrom, s.dueTo].join('|'),
  (db, s) => {
    const p = (name: string) => sql.placeholder(name) as unknown as string;
    const scope: PromiseScope = {
      teamIds: s.teams === null ? null : (teamPlaceholders(s.teams) as unknown as string[]),
      dueFrom: s.dueFrom ? p('dueFrom') : undefined,
      dueTo: s.dueTo ? p('dueTo') : undefined,
    };
    return prepareNamed(stateCount(db, storedPromiseRows(scope, sql.placeholder('now')), sql`p.today`));
  },
);

/** Broken promises at `now` on cases not paid, for which no follow-up was ever proposed. */
export async function findBrokenWithoutProposal(db: DbOrTx, teamIds: string[] | null, now: Date) {
  return db
    .select(promiseColumns(now))
    .from(sql`${promiseRows({ teamIds })} as p`)
    .where(
      sql`${promiseState('p', now)} = 'broken'
        and not exists (select 1 from ${cases} pc where pc.id = p.case_id and pc.status = 'paid')
        and not exists (select 1 from ${followUpProposals} fp
          where fp.case_id = p.case_id and (fp.instalment_id = p.id or fp.outcome_id = p.id))`,
    )
    .orderBy(sql`p.due_date`, sql`p.loan_ref`, sql`p.seq nulls first`);
}
