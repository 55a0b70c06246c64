/**
 * The one definition of a promise and of its state, in SQL. The tracker lists it, the KPIs count it, the
 * follow-up proposals and the cases worklist filter by it; each repository composes these fragments rather
 * than writing "broken" again. It is SQL, not a TypeScript function, because the worklist filters and counts a
 * lender's 100,000 cases by it: rows fetched to be judged in JavaScript would be the whole portfolio.
 */
import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm';
import {
  appointments,
  cases,
  instalments,
  outcomes,
  payments,
  promiseFacts,
  repaymentPlans,
  teams,
  visits,
} from '../../../drizzle/schema';
import type { PromiseState } from '../../../shared/domain/promises';
import { latestTeamZone } from './effective-policy.sql';

/** Which promises a query is about; every bound is applied inside both kinds' queries, where the indexes are. */
export interface PromiseScope {
  /** Cases of these teams (null: all teams). */
  teamIds?: string[] | null;
  /** One case: a column of the outer query (a correlated subquery) or a case id. */
  caseId?: SQL | string;
  dueFrom?: string;
  dueTo?: string;
  /** Promises made at visits of this crew, or with this agent. */
  crewId?: string;
  agentId?: string;
}

/**
 * `team` is the promise's own stored team (outcomes.team_id, instalments.team_id: its case's team, written with it),
 * so that the team and due-date index finds a team's promises first instead of every team's through visit,
 * appointment and case (docs/scale.md, session 23).
 */
function scopeWhere(s: PromiseScope, dueDate: SQL, team: SQL): SQL {
  const parts: SQL[] = [];
  if (s.teamIds) {
    parts.push(
      s.teamIds.length === 0
        ? sql`false`
        : sql`${team} in (${sql.join(
            s.teamIds.map((t) => sql`${t}`),
            sql`, `,
          )})`,
    );
  }
  if (s.caseId !== undefined) parts.push(sql`c.id = ${s.caseId}`);
  if (s.dueFrom) parts.push(sql`${dueDate} >= ${s.dueFrom}`);
  if (s.dueTo) parts.push(sql`${dueDate} <= ${s.dueTo}`);
  if (s.crewId) parts.push(sql`v.crew_id = ${s.crewId}`);
  if (s.agentId) parts.push(sql`(v.agent_id = ${s.agentId} or v.second_agent_id = ${s.agentId})`);
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}

// Only the latest outcome version of a visit promises anything: a correction replaces what it said.
const CURRENT_OUTCOME = sql`not exists (select 1 from ${outcomes} newer
  where newer.visit_id = o.visit_id and newer.version > o.version)`;

/**
 * Every promise in scope, one row each, as a subquery to select from (`from (…) as <alias>`): its kind, case,
 * team, the visit it was made at, due date, amount, what is paid towards it (capped at the amount) and the local
 * date it became paid in full (null while it is not), with the team's zone.
 *
 * An instalment is paid by the payments settled on it (oldest due first, see payments.service). A one-off
 * promise is paid by the payments on its case from the day it was made: it is paid in full on the day their
 * running total reaches the promised amount. `paid_in_full_at` is the instant an instalment became paid in full (what
 * promise_facts stores for it: its local date depends on the team's zone when it is read).
 */
export function promiseRows(s: PromiseScope): SQL {
  return sql`(
    select i.id, 'instalment'::text as kind, c.id as case_id, c.team_id, c.loan_ref, o.visit_id, v.visit_date,
      i.seq, i.due_date, i.amount_cents, least(i.paid_cents, i.amount_cents) as paid_cents,
      case when i.paid_cents >= i.amount_cents and i.paid_at is not null
        then (i.paid_at at time zone ps.time_zone)::date end as paid_in_full_on,
      ps.time_zone,
      case when i.paid_cents >= i.amount_cents then i.paid_at end as paid_in_full_at
    from ${instalments} i
    join ${repaymentPlans} rp on rp.id = i.plan_id
    join ${outcomes} o on o.id = rp.outcome_id
    join ${visits} v on v.id = o.visit_id
    join ${cases} c on c.id = rp.case_id
    cross join ${latestTeamZone(sql`c.team_id`, 'ps')}
    where ${CURRENT_OUTCOME} and ${scopeWhere(s, sql`i.due_date`, sql`i.team_id`)}
  union all
    select o.id, 'one_off'::text, c.id, c.team_id, c.loan_ref, o.visit_id, v.visit_date,
      null::int, o.promised_date, o.promised_amount_cents, least(paid.total, o.promised_amount_cents),
      paid.full_on, ps.time_zone, null::timestamptz
    from ${outcomes} o
    join ${visits} v on v.id = o.visit_id
    join ${appointments} a on a.id = v.appointment_id
    join ${cases} c on c.id = a.case_id
    cross join ${latestTeamZone(sql`c.team_id`, 'ps')}
    cross join lateral (
      select coalesce(sum(x.amount_cents), 0)::int as total,
        min(x.paid_on) filter (where x.running >= o.promised_amount_cents) as full_on
      from (
        select pm.amount_cents, pm.paid_on, sum(pm.amount_cents) over (order by pm.paid_on, pm.id) as running
        from ${payments} pm where pm.case_id = c.id and pm.paid_on >= v.visit_date
      ) x
    ) paid
    where o.code = 'promise_to_pay' and o.promised_date is not null and o.promised_amount_cents is not null
      and not exists (select 1 from ${repaymentPlans} plan where plan.outcome_id = o.id)
      and ${CURRENT_OUTCOME} and ${scopeWhere(s, sql`o.promised_date`, sql`o.team_id`)}
  )`;
}

/**
 * Inserts the promise_facts rows of the promises in scope, as `promiseRows` derives them: what the one writer
 * (cases.state.repo.ts) does for a case, and the seed (and migration 0022, in its own SQL) for every case.
 */
export function insertPromiseFacts(s: PromiseScope): SQL {
  return sql`insert into ${promiseFacts} (id, kind, case_id, team_id, due_date, paid_in_full_at, paid_in_full_on)
    select p.id, p.kind, p.case_id, p.team_id, p.due_date, p.paid_in_full_at,
      case when p.kind = 'one_off' then p.paid_in_full_on end
    from ${promiseRows(s)} as p`;
}

/** Whether the stored promise facts can answer for `scope`: they hold no crew, agent or per-case bound. */
export function storedFactsCover(s: PromiseScope): boolean {
  return !s.crewId && !s.agentId && s.caseId === undefined;
}

/**
 * The promises in scope read from promise_facts (see storedFactsCover), with the columns the states are judged by:
 * the due date, the local date paid in full (an instalment's instant in the team's zone) and the zone, and `today`,
 * the team's local date at `now`. Read team by team: each team's zone and today are taken once (a fenced select of
 * the teams), then its facts from promise_facts_team_due_idx, so that nothing converts `now` into a zone per
 * promise — the admin's month is 59,000 promises of 50 teams (docs/scale.md, session 33). Judge them with
 * promiseStateOn(alias, sql`alias.today`); promiseState gives the same answer from the zone.
 */
export function storedPromiseRows(s: PromiseScope, now: Clock): SQL {
  const f = sql.raw('f');
  const teamsInScope = scopeWhere({ teamIds: s.teamIds }, sql`null`, sql`tm.id`);
  // `offset 0` keeps each select a unit of its own: pulled up into the outer query, the team's today was computed
  // again for every promise, and the facts were hashed against the teams instead of read per team.
  return sql`(
    select ${f}.id, ${f}.kind, ${f}.case_id, ${f}.team_id, ${f}.due_date, ${f}.paid_in_full_on, t.time_zone, t.today
    from (
      select tm.id, ps.time_zone, ${todayIn(sql`ps.time_zone`, now)} as today
      from ${teams} tm cross join ${latestTeamZone(sql`tm.id`, 'ps')}
      where ${teamsInScope}
      offset 0
    ) t
    cross join lateral (
      select ${f}.id, ${f}.kind, ${f}.case_id, ${f}.team_id, ${f}.due_date,
        coalesce(${f}.paid_in_full_on, (${f}.paid_in_full_at at time zone t.time_zone)::date) as paid_in_full_on
      from ${promiseFacts} ${f}
      where ${f}.team_id = t.id and ${scopeWhere(s, sql`${f}.due_date`, sql`${f}.team_id`)}
      offset 0
    ) ${f}
  )`;
}

/** Today in the team's zone of the promise row `p`, for the clock `now`. */
export function teamToday(p: string, now: Date): SQL {
  return todayIn(sql`${sql.raw(p)}.time_zone`, now);
}

/** A clock: the instant, its ISO text, or a placeholder for that text in a statement built once (server/db/named.ts). */
export type Clock = Date | string | Placeholder;

const todayIn = (timeZone: SQL | AnyColumn, now: Clock) =>
  sql`(${now instanceof Date ? now.toISOString() : now}::timestamptz at time zone ${timeZone})::date`;

/**
 * "Broken" for a promise not paid in full: its due date `dueOn` is before the team's today at `now` (in
 * `timeZone`, a column). promiseState judges each promise by it; the worklist asks it of a case's stored earliest
 * unpaid due date (cases.open_promise_due_on), which is past exactly when one of the case's promises is broken.
 */
export function isPastDue(dueOn: SQL | AnyColumn, timeZone: SQL | AnyColumn, now: Clock): SQL<boolean> {
  return dueBefore(dueOn, todayIn(timeZone, now));
}

const dueBefore = (dueOn: SQL | AnyColumn, today: SQL) => sql<boolean>`(${dueOn} < ${today})`;

/**
 * Whether the promise row aliased `p` is in each state, `today` being its team's local date (a column or an
 * expression): kept (paid in full by its due date, in the team's zone), paid_late, broken (due date passed, not paid
 * in full) or due. Exactly one holds for a row (its due date is never null). The only place these words are
 * decided: promiseState is the same tests in one expression, and a count can filter by each.
 */
export function promiseStateTests(p: string, today: SQL): Record<PromiseState, SQL<boolean>> {
  const a = sql.raw(p);
  return {
    kept: sql<boolean>`(${a}.paid_in_full_on <= ${a}.due_date)`,
    paid_late: sql<boolean>`(${a}.paid_in_full_on > ${a}.due_date)`,
    broken: sql<boolean>`(${a}.paid_in_full_on is null and ${dueBefore(sql`${a}.due_date`, today)})`,
    due: sql<boolean>`(${a}.paid_in_full_on is null and not ${dueBefore(sql`${a}.due_date`, today)})`,
  };
}

/** The state of the promise row aliased `p` (promiseStateTests), its team's today being `today`. */
export function promiseStateOn(p: string, today: SQL): SQL<PromiseState> {
  const is = promiseStateTests(p, today);
  return sql<PromiseState>`case when ${is.kept} then 'kept' when ${is.paid_late} then 'paid_late'
    when ${is.broken} then 'broken' else 'due' end`;
}

/** The state of the promise row aliased `p` at `now`, its team's today taken from the row's zone. */
export function promiseState(p: string, now: Date): SQL<PromiseState> {
  return promiseStateOn(p, teamToday(p, now));
}

/**
 * The earliest due date of the scope's promises not yet paid in full, one row (case_id, due_on) per case that has
 * one, as a subquery to join: what cases.open_promise_due_on holds. Whether a promise is paid in full does not
 * depend on the clock, so the stored date stays right until a payment or an outcome changes it (their writers
 * then refresh it); only "is it past" depends on the clock, and isPastDue asks that at read time.
 */
export function openPromiseDue(s: PromiseScope): SQL {
  return sql`(select op.case_id, min(op.due_date) as due_on from ${promiseRows(s)} as op
    where op.paid_in_full_on is null group by op.case_id)`;
}
