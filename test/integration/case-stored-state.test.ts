/**
 * The facts a case row carries for the worklist (first_notice_at, open_promise_due_on) against the derivation they
 * replace: "a notice was logged" probed in the case's contact attempts, and "a broken promise" judged on each of the
 * case's promises by promiseState. Checked on every case of the seeded demo, at clocks before, at and long after
 * the data's today (a stored due date must be the earliest unpaid one to agree at all of them), then again after
 * each writer — a notice, a payment, an outcome with a promise — went through the router. Runs on PGlite and on
 * PostgreSQL. Every clock is derived from the seed's today, never read from the wall.
 */
import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { noticeLogged } from '../../server/db/sql/notice.sql';
import { isPastDue, promiseRows, promiseState } from '../../server/db/sql/promise-state.sql';
import { createCaller } from '../../server/trpc/root';
import { ACTIVE_CASE_STATUSES } from '../../shared/domain/constants';
import { addDays, zonedTimeToUtc } from '../../shared/time';
import { arriveAt, assignedStops, outcomeInput, setUpFieldDay } from './field-helpers';
import { rows } from './helpers/calls';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

const NOW = zonedTimeToUtc(TODAY, '12:00', 'Asia/Shanghai');
const day = 86_400_000;
const CLOCKS = [-60, -1, 0, 1, 7, 30, 400].map((d) => new Date(NOW.getTime() + d * day));

interface CaseFacts {
  id: string;
  team_id: string;
  status: string;
  derived_notice: boolean;
  stored_notice: boolean;
  derived_broken: boolean;
  stored_broken: boolean;
  notice_matches: boolean;
}

/**
 * Every case: both derivations at `now`, and whether first_notice_at is exactly the first notice's time. The
 * outer case is `oc`: promiseRows names its own cases `c`.
 */
function factsAt(now: Date): SQL {
  return sql`select oc.id, oc.team_id, oc.status::text as status,
      ${noticeLogged(sql`oc.id`)} as derived_notice,
      oc.first_notice_at is not null as stored_notice,
      exists (select 1 from ${promiseRows({ caseId: sql`oc.id` })} as bp
        where ${promiseState('bp', now)} = 'broken') as derived_broken,
      coalesce(${isPastDue(sql`oc.open_promise_due_on`, sql`ps.time_zone`, now)}, false) as stored_broken,
      oc.first_notice_at is not distinct from (select min(ca.attempted_at) from contact_attempts ca
        where ca.case_id = oc.id and ca.stage in ('first_notice', 'appointment_notice')) as notice_matches
    from cases oc
    join policy_settings ps on ps.team_id = oc.team_id
      and ps.effective_from = (select max(p2.effective_from) from policy_settings p2 where p2.team_id = oc.team_id)
    order by oc.id`;
}

describe('stored case facts agree with the history they summarise', () => {
  const demo = setUpFieldDay();
  const as = (user: typeof demo.users.manager, now = NOW) => createCaller(makeContext(demo.handle, user, { now }));

  /** Checks every case at every clock; returns how many were broken at the last (long after) clock. */
  async function expectAgreement(): Promise<number> {
    let brokenLater = 0;
    for (const now of CLOCKS) {
      const facts = await rows<CaseFacts>(demo.handle, factsAt(now));
      expect(facts.length).toBeGreaterThan(0);
      const disagree = facts.filter(
        (f) => f.derived_notice !== f.stored_notice || f.derived_broken !== f.stored_broken || !f.notice_matches,
      );
      expect(disagree.map((f) => [now.toISOString(), f.id])).toEqual([]);
      brokenLater = facts.filter((f) => f.stored_broken).length;
    }
    return brokenLater;
  }

  const stored = async (caseId: string) =>
    (
      await rows<{ due: string | null; notice: string | null }>(
        demo.handle,
        sql`select open_promise_due_on::text as due, extract(epoch from first_notice_at)::float8 * 1000 as notice
          from cases where id = ${caseId}`,
      )
    )[0];

  beforeAll(async () => {
    // Payments and the promise KPIs need the promises' cases; the demo seeds notices, promises and payments.
    const [n] = await rows<{ n: number }>(demo.handle, sql`select count(*)::int as n from outcomes`);
    expect(Number(n?.n)).toBeGreaterThan(0);
  });

  it('on the seeded history, at every clock, and the worklist counts what the derivation counts', async () => {
    // Long after today every unpaid promise is broken: the demo has some, so the comparison is not vacuous.
    expect(await expectAgreement()).toBeGreaterThan(0);
    const facts = await rows<CaseFacts>(demo.handle, factsAt(NOW));
    const active = (f: CaseFacts) => (ACTIVE_CASE_STATUSES as readonly string[]).includes(f.status);
    const team = facts.filter((f) => f.team_id === demo.teamId && active(f));
    const list = await as(demo.users.dispatcher).appointments.worklist({ teamId: demo.teamId });
    expect(list.total).toBe(team.length);
    expect(list.counts.brokenPromise).toBe(team.filter((f) => f.derived_broken).length);
    expect(list.counts.needsNotice).toBe(team.filter((f) => !f.derived_notice).length);
  });

  it('a notice logged through the router moves the first notice; a payment in full clears the case’s promises', async () => {
    const [target] = await rows<{ id: string; overdue: number }>(
      demo.handle,
      sql`select id, overdue_amount_cents as overdue from cases
        where open_promise_due_on is not null and status <> 'paid' order by id limit 1`,
    );
    if (!target) throw new Error('the demo has no unpaid case with an unpaid promise');
    const before = await stored(target.id);
    // Logged a day before the clock of every other check: earlier than or equal to any notice the seed wrote today.
    const early = new Date(NOW.getTime() - 400 * day);
    await as(demo.users.admin, early).appointments.logNotice({
      caseId: target.id,
      stage: 'first_notice',
      channel: 'phone',
      result: 'told of the visit',
      idempotencyKey: 'a6d4c2a0-0000-4000-8000-000000000001',
    });
    expect(Number((await stored(target.id))?.notice)).toBe(early.getTime());
    await as(demo.users.admin).payments.record({
      caseId: target.id,
      amountCents: Number(target.overdue) + 10_000_000,
      paidOn: TODAY,
      channel: 'bank_transfer',
      reference: 'STORED-STATE-PAY-1',
    });
    expect(before?.due).not.toBeNull();
    expect((await stored(target.id))?.due).toBeNull();
    await expectAgreement();
  });

  it('an outcome promising to pay sets the due date; its correction to a refusal takes it away', async () => {
    const [stop] = await assignedStops(demo.handle, demo.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const arrived = await arriveAt(demo.handle, demo.users, stop, 'stored-state');
    const agent = createCaller(makeContext(demo.handle, demo.users.agent, { now: arrived }));
    const dueDate = addDays(TODAY, 3);
    const first = await agent.field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'stored-state-outcome-1',
        code: 'promise_to_pay',
        nextAction: 'follow_up_visit',
        promisedAmountCents: 50_000,
        promisedDate: dueDate,
      }),
    );
    const [visitCase] = await rows<{ case_id: string }>(
      demo.handle,
      sql`select a.case_id from visits v join appointments a on a.id = v.appointment_id where v.id = ${stop.id}`,
    );
    const caseId = visitCase?.case_id as string;
    const promised = await stored(caseId);
    expect(promised?.due !== null && (promised?.due as string) <= dueDate).toBe(true);
    await expectAgreement();
    await agent.field.recordOutcome(
      outcomeInput(stop.id, {
        clientId: 'stored-state-outcome-2',
        code: 'refused',
        nextAction: 'follow_up_visit',
        correctsVersion: first.version,
        correctionReason: 'the borrower withdrew the promise',
      }),
    );
    await expectAgreement();
  });
});
