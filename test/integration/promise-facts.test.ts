/**
 * The stored promise facts (promise_facts, migration 0022) against the derivation they stand for: every promise's
 * state read from the stored row and derived by promiseRows, at clocks before, at and long after the data's today,
 * and the counts the dashboard and the tracker read (every team at once, and each team) from both. Checked on the
 * seeded demo, after migration 0022's own backfill, and after each writer went through the router: an outcome with a
 * repayment plan, its correction to a one-off promise, and payments (part and in full). Runs on PGlite and on
 * PostgreSQL. Every clock is derived from the seed's today, never read from the wall.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../server/db/client';
import { promiseRows, promiseState, promiseStateOn, storedPromiseRows } from '../../server/db/sql/promise-state.sql';
import { countPromiseStates } from '../../server/modules/promises/promises.repo';
import { createCaller } from '../../server/trpc/root';
import type { PromiseState } from '../../shared/domain/promises';
import { addDays, localDate, zonedTimeToUtc } from '../../shared/time';
import { arriveAt, assignedStops, outcomeInput, setUpFieldDay } from './field-helpers';
import { rows } from './helpers/calls';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

const NOW = zonedTimeToUtc(TODAY, '12:00', 'Asia/Shanghai');
const day = 86_400_000;
const CLOCKS = [-60, -1, 0, 1, 7, 30, 400].map((d) => new Date(NOW.getTime() + d * day));
const RANGE = { dueFrom: addDays(TODAY, -120), dueTo: addDays(TODAY, 120) };

interface PromiseFact {
  id: string;
  kind: string;
  case_id: string;
  team_id: string;
  due_date: string;
  paid_in_full_on: string | null;
  state: PromiseState;
}

// The stored rows judged by the team's today they carry, the derived ones by their zone at `now`.
const factsOf = (from: ReturnType<typeof sql>, state: ReturnType<typeof sql>) =>
  sql`select p.id, p.kind, p.case_id, p.team_id, p.due_date::text as due_date,
      p.paid_in_full_on::text as paid_in_full_on, ${state} as state
    from ${from} as p order by p.id`;

/** The backfill of migration 0022, as PostgreSQL runs it when a database is migrated. */
function backfillStatement(): string {
  const text = readFileSync(new URL('../../drizzle/migrations/0022_promise_facts.sql', import.meta.url), 'utf8');
  const inserts = text.split('--> statement-breakpoint').filter((s) => s.includes('INSERT INTO'));
  if (inserts.length !== 1) throw new Error('expected one backfill in 0022');
  return inserts[0] as string;
}

describe('stored promise facts agree with the promises they summarise', () => {
  const demo = setUpFieldDay();
  const as = (user: typeof demo.users.manager, now = NOW) => createCaller(makeContext(demo.handle, user, { now }));

  /**
   * Every promise at every clock, stored and derived, and the counts of both scopes (counted on `countDb`); returns
   * the promise count.
   */
  async function expectAgreement(countDb: DbOrTx = demo.handle.db): Promise<number> {
    let n = 0;
    for (const now of CLOCKS) {
      const stored = await rows<PromiseFact>(
        demo.handle,
        factsOf(storedPromiseRows({}, now), promiseStateOn('p', sql`p.today`)),
      );
      const derived = await rows<PromiseFact>(demo.handle, factsOf(promiseRows({}), promiseState('p', now)));
      expect(stored).toEqual(derived);
      n = stored.length;
      const counts = await countPromiseStates(countDb, { teamIds: null, ...RANGE }, now);
      const expected: Record<PromiseState, number> = { kept: 0, paid_late: 0, broken: 0, due: 0 };
      for (const p of derived) if (p.due_date >= RANGE.dueFrom && p.due_date <= RANGE.dueTo) expected[p.state]++;
      expect(counts).toEqual(expected);
      const teamCounts = await countPromiseStates(countDb, { teamIds: [demo.teamId], ...RANGE }, now);
      const teamExpected: Record<PromiseState, number> = { kept: 0, paid_late: 0, broken: 0, due: 0 };
      for (const p of derived) {
        if (p.team_id === demo.teamId && p.due_date >= RANGE.dueFrom && p.due_date <= RANGE.dueTo)
          teamExpected[p.state]++;
      }
      expect(teamCounts).toEqual(teamExpected);
    }
    return n;
  }

  it('on the seeded history, at every clock; and migration 0022’s backfill writes the same rows', async () => {
    const seeded = await expectAgreement();
    expect(seeded).toBeGreaterThan(0);
    await demo.handle.db.execute(sql`delete from promise_facts`);
    await demo.handle.db.execute(sql.raw(backfillStatement()));
    expect(await expectAgreement()).toBe(seeded);
  });

  it('an outcome with a plan, its correction to a one-off promise, and payments keep them agreeing', async () => {
    const [stop] = await assignedStops(demo.handle, demo.users);
    if (!stop) throw new Error('no assigned stop for the demo agent today');
    const arrived = await arriveAt(demo.handle, demo.users, stop, 'promise-facts');
    const agent = (minutes: number) =>
      createCaller(makeContext(demo.handle, demo.users.agent, { now: new Date(arrived.getTime() + minutes * 60_000) }));
    const before = await expectAgreement();
    const first = await agent(20).field.recordOutcome(
      outcomeInput(stop.id, {
        code: 'promise_to_pay',
        nextAction: 'follow_up_visit',
        promisedAmountCents: 300_000,
        plan: {
          channel: 'bank_transfer',
          instalments: [2, 9].map((d, i) => ({ dueDate: addDays(TODAY, d), amountCents: (i + 1) * 100_000 })),
        },
      }),
    );
    expect(await expectAgreement()).toBe(before + 2);
    const [visitCase] = await rows<{ case_id: string }>(
      demo.handle,
      sql`select a.case_id from visits v join appointments a on a.id = v.appointment_id where v.id = ${stop.id}`,
    );
    const caseId = visitCase?.case_id as string;
    // Pays the first instalment in full (oldest due first) and part of the second.
    await as(demo.users.admin).payments.record({
      caseId,
      amountCents: 150_000,
      paidOn: TODAY,
      channel: 'bank_transfer',
      reference: 'PROMISE-FACTS-PAY-1',
    });
    const paid = await rows<{ n: number }>(
      demo.handle,
      sql`select count(*)::int as n from promise_facts where case_id = ${caseId} and paid_in_full_at is not null`,
    );
    expect(Number(paid[0]?.n)).toBeGreaterThan(0);
    expect(await expectAgreement()).toBe(before + 2);
    await agent(30).field.recordOutcome(
      outcomeInput(stop.id, {
        code: 'promise_to_pay',
        nextAction: 'follow_up_visit',
        promisedAmountCents: 50_000,
        promisedDate: addDays(TODAY, 3),
        correctsVersion: first.version,
        correctionReason: 'One payment instead of a plan',
      }),
    );
    // The plan's instalments are no longer promises; the one-off promise is, and the payment already covers it.
    expect(await expectAgreement()).toBe(before + 1);
    const [oneOff] = await rows<{ on: string | null }>(
      demo.handle,
      sql`select paid_in_full_on::text as on from promise_facts where case_id = ${caseId} and kind = 'one_off'
        and due_date = ${addDays(TODAY, 3)}`,
    );
    expect(oneOff?.on).toBe(TODAY);
  });

  it('two payments on one case recorded at once: both kept, no key conflict, the facts still agree', async () => {
    // Each payment rewrites the case's facts (delete + insert under the case's row lock): two at once must queue on
    // the lock, not collide on promise_facts_pkey or leave one writer's rows missing.
    const [withFacts] = await rows<{ case_id: string }>(
      demo.handle,
      sql`select case_id from promise_facts where team_id = ${demo.teamId} order by case_id limit 1`,
    );
    const caseId = withFacts?.case_id as string;
    const before = await expectAgreement();
    const pay = (reference: string) =>
      as(demo.users.admin).payments.record({
        caseId,
        amountCents: 1_000,
        paidOn: TODAY,
        channel: 'bank_transfer',
        reference,
      });
    const results = await Promise.allSettled([pay('PROMISE-FACTS-RACE-A'), pay('PROMISE-FACTS-RACE-B')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [kept] = await rows<{ n: number }>(
      demo.handle,
      sql`select count(*)::int as n from payments where case_id = ${caseId} and reference like 'PROMISE-FACTS-RACE-%'`,
    );
    expect(Number(kept?.n)).toBe(2);
    expect(await expectAgreement()).toBe(before);
  });
  it('a team in another zone: each team judged by its own today, read once per team', async () => {
    // At every clock (04:00 UTC) it is the day before in Honolulu: a promise due on Shanghai's yesterday, unpaid, is
    // broken there and still due in Honolulu. The stored rows carry each team's today; the derived ones convert.
    await demo.handle.db.execute(
      sql`update policy_settings set time_zone = 'Pacific/Honolulu' where team_id = ${demo.teamId}`,
    );
    const onTheEdge = await rows<{ n: number }>(
      demo.handle,
      sql`select count(*)::int as n from promise_facts where team_id = ${demo.teamId} and paid_in_full_on is null
        and paid_in_full_at is null and due_date in (${sql.join(
          CLOCKS.map((now) => sql`${addDays(localDate(now, 'Asia/Shanghai'), -1)}`),
          sql`, `,
        )})`,
    );
    expect(Number(onTheEdge[0]?.n)).toBeGreaterThan(0);
    expect(await expectAgreement()).toBeGreaterThan(0);
    const [row] = await rows<{ zone: string; today: string }>(
      demo.handle,
      sql`select p.time_zone as zone, p.today::text as today from ${storedPromiseRows({ teamIds: [demo.teamId] }, NOW)} as p limit 1`,
    );
    expect(row).toEqual({ zone: 'Pacific/Honolulu', today: addDays(TODAY, -1) });
  });
  it('the stored count, named on the reports pool, answers the same at every clock on one connection', async () => {
    // Twice through the clocks: after five executions a connection runs a named text's generic plan. (PGlite has
    // one connection, which a transaction would hold from the reads that check the counts.)
    if (demo.handle.kind !== 'postgres') {
      for (let round = 0; round < 2; round++) await expectAgreement(demo.handle.reportsDb);
      return;
    }
    const generic = await demo.handle.reportsDb.transaction(async (tx) => {
      for (let round = 0; round < 2; round++) await expectAgreement(tx);
      const named = (await tx.execute(
        sql`select coalesce(sum(generic_plans), 0)::int as n from pg_prepared_statements
          where statement like '%promise_facts%'`,
      )) as unknown as { rows: Array<{ n: number }> };
      return Number(named.rows[0]?.n);
    });
    expect(generic).toBeGreaterThan(0);
  });
});
