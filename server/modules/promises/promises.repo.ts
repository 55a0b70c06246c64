import { type SQL, sql } from 'drizzle-orm';
import { cases, followUpProposals } from '../../../drizzle/schema';
import type { PromiseKind, PromiseState } from '../../../shared/domain/promises';
import { type DbOrTx, runNamed } from '../../db/client';
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
  const stored = storedFactsCover(scope);
  const is = promiseStateTests('p', stored ? sql`p.today` : teamToday('p', now));
  const counted = (test: SQL<boolean>) => sql<number>`(count(*) filter (where ${test}))::int`;
  const query = db
    .select({
      kept: counted(is.kept),
      paid_late: counted(is.paid_late),
      broken: counted(is.broken),
      due: counted(is.due),
    })
    .from(sql`${stored ? storedPromiseRows(scope, now) : promiseRows(scope)} as p`);
  // The stored count named, so that each connection plans it once (the reports' pool plans its other statements on
  // every call): its text changes only with the scope's team count, and its plan — team by team — with nothing; the
  // derived count (a crew's, an agent's) is planned for its values.
  const [row] = stored ? await runNamed(query) : await query;
  return row ?? { kept: 0, paid_late: 0, broken: 0, due: 0 };
}

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
