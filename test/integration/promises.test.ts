/**
 * Promise tracking with fixed clocks (issue #12 defect 8): one-off promises (an outcome promise_to_pay with an
 * amount and a date) are tracked next to instalments, the tracker shows 30 days either side of today by
 * default, one definition decides kept / paid late / broken / due for the tracker, the KPIs and the follow-ups,
 * and a corrected outcome's promise is replaced by the correction's.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, followUpProposals } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { createTestDb, makeContext } from './helpers/db';
import { at, D1, D2, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';
import { addPromiseCase } from './helpers/promise-fixture';

// Today is D3 (2026-03-12) in Shanghai: D2 was yesterday, 2026-03-13 is tomorrow.
const NOW = at(D3, '08:00');
const TOMORROW = '2026-03-13';

describe('promise tracking: one-off promises and instalments, one definition', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const as = (user: typeof fx.manager, now = NOW) => createCaller(makeContext(handle, user, { now }));
  const cases: Record<string, string> = {};
  const add = async (
    key: string,
    spec: Omit<Parameters<typeof addPromiseCase>[1], 'key' | 'teamId' | 'recordedBy'>,
  ) => {
    cases[key] = (await addPromiseCase(handle, { key, teamId: fx.team, recordedBy: fx.manager.id, ...spec })).caseId;
  };

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
    const c1 = fx.crews.c1;
    const c1b = fx.crews.c1b;
    // ¥1,500 promised at D1's visit for yesterday, nothing paid.
    await add('broken', { visitDate: D1, crew: c1, promise: { amountCents: 150_000, dueDate: D2 } });
    await add('pending', { visitDate: D2, crew: c1b, promise: { amountCents: 80_000, dueDate: TOMORROW } });
    await add('kept', { visitDate: D1, crew: c1, promise: { amountCents: 150_000, dueDate: D3 } });
    await add('late', { visitDate: D1, crew: c1, promise: { amountCents: 50_000, dueDate: D1 } });
    await add('early', { visitDate: D2, crew: c1b, promise: { amountCents: 20_000, dueDate: '2026-03-20' } });
    // A promise the agent corrected to a refusal: nothing is promised any more.
    await add('withdrawn', {
      visitDate: D1,
      crew: c1,
      promise: { amountCents: 70_000, dueDate: D2 },
      correction: { code: 'refused' },
    });
    // A plan corrected the same evening: the second plan replaces the first.
    await add('replan', {
      visitDate: D1,
      crew: c1,
      plan: [{ dueDate: D2, amountCents: 40_000 }],
      correction: { code: 'repayment_plan_agreed', plan: [{ dueDate: D2, amountCents: 10_000 }] },
    });
    const pay = (key: string, amountCents: number, paidOn: string, reference: string) =>
      as(fx.manager).payments.record({
        caseId: cases[key] as string,
        amountCents,
        paidOn,
        channel: 'alipay',
        reference,
      });
    await pay('kept', 100_000, D1, 'PR-PAY-1');
    await pay('kept', 50_000, D2, 'PR-PAY-2');
    await pay('late', 50_000, D2, 'PR-PAY-3');
    await pay('early', 20_000, D3, 'PR-PAY-4');
    await pay('replan', 10_000, D2, 'PR-PAY-5');
  }, 120_000);
  afterAll(async () => handle?.close());

  it('lists one-off promises next to instalments, by default due from 30 days ago to 30 days ahead', async () => {
    const list = await as(fx.manager).payments.promises({});
    expect([list.from, list.to]).toEqual(['2026-02-10', '2026-04-11']);
    expect(list.rows.map((p) => [p.dueDate, p.loanRef, p.kind, p.seq, p.state])).toEqual([
      [D1, 'FX-LOAN-b2', 'instalment', 1, 'broken'],
      [D1, 'PR-late', 'one_off', null, 'paid_late'],
      [D2, 'FX-LOAN-b2', 'instalment', 2, 'kept'],
      [D2, 'FX-LOAN-b2', 'instalment', 3, 'paid_late'],
      [D2, 'PR-broken', 'one_off', null, 'broken'],
      [D2, 'PR-replan', 'instalment', 1, 'kept'],
      [D3, 'PR-kept', 'one_off', null, 'kept'],
      [TOMORROW, 'PR-pending', 'one_off', null, 'due'],
      ['2026-03-20', 'PR-early', 'one_off', null, 'kept'],
    ]);
    const broken = list.rows.find((p) => p.loanRef === 'PR-broken');
    expect(broken).toMatchObject({ amountCents: 150_000, paidCents: 0, paidOn: null, madeOn: D1 });
    const kept = list.rows.find((p) => p.loanRef === 'PR-kept');
    // Two payments reach ¥1,500 on D2, the day before it was due.
    expect(kept).toMatchObject({ amountCents: 150_000, paidCents: 150_000, paidOn: D2 });
    expect(list.counts).toEqual({ kept: 4, paid_late: 2, broken: 2, due: 1 });
    expect(list.total).toBe(9);
    expect(list.keptRate).toBeCloseTo(4 / 8, 10);
  });

  it('due yesterday and unpaid is broken, paid before the due date is kept, due tomorrow is pending', async () => {
    const state = async (now: Date) => {
      const list = await as(fx.manager, now).payments.promises({ from: D1, to: '2026-03-31' });
      return Object.fromEntries(list.rows.filter((p) => p.kind === 'one_off').map((p) => [p.loanRef, p.state]));
    };
    expect(await state(NOW)).toEqual({
      'PR-late': 'paid_late',
      'PR-broken': 'broken',
      'PR-kept': 'kept',
      'PR-pending': 'due',
      'PR-early': 'kept',
    });
    // The day after tomorrow, in Shanghai, the pending promise has been broken.
    expect((await state(at('2026-03-14', '00:30')))['PR-pending']).toBe('broken');
    // Still on its due date at 23:59 Shanghai time (15:59 UTC), it is pending.
    expect((await state(at(TOMORROW, '23:59')))['PR-pending']).toBe('due');
  });

  it('a state filter pages through one state and its count', async () => {
    const page = await as(fx.manager).payments.promises({ state: 'kept', pageSize: 5, page: 0 });
    expect(page.total).toBe(4);
    expect(page.rows.map((p) => p.loanRef)).toEqual(['FX-LOAN-b2', 'PR-replan', 'PR-kept', 'PR-early']);
    expect((await as(fx.manager).payments.promises({ state: 'kept', pageSize: 5, page: 1 })).rows).toEqual([]);
  });

  it('the kept-promise rate on the dashboard counts one-off promises and instalments', async () => {
    const { kpis } = await as(fx.manager).reports.dashboard({ from: D1, to: '2026-03-20' });
    // Instalments: b2 #1 broken, #2 kept, #3 paid late, PR-replan #1 kept. One-off: late, broken, kept, early
    // kept; PR-pending is not decided yet.
    expect(kpis.promisesDecided).toBe(8);
    expect(kpis.promisesKept).toBe(4);
    expect(kpis.keptPromiseRate).toBeCloseTo(0.5, 10);
    const agent3 = (await as(fx.manager).reports.dashboard({ from: D1, to: D2, agentId: fx.agents.a3 })).kpis;
    expect([agent3.promisesDecided, agent3.keptPromiseRate]).toEqual([0, null]);
  });

  it('a payment settles the corrected plan, not the plan it replaced', async () => {
    const list = await as(fx.manager).payments.promises({ from: D1, to: D3 });
    const replan = list.rows.filter((p) => p.loanRef === 'PR-replan');
    expect(replan.map((p) => [p.amountCents, p.paidCents, p.state])).toEqual([[10_000, 10_000, 'kept']]);
  });

  it('every broken promise, one-off or instalment, becomes one follow-up proposal', async () => {
    expect(await as(fx.dispatcher).payments.proposeFollowUps({})).toEqual({ proposed: 2 });
    expect(await as(fx.dispatcher).payments.proposeFollowUps({})).toEqual({ proposed: 0 });
    const queue = (await as(fx.dispatcher).payments.followUps({})).rows.filter((f) => f.kind !== 'message_failed');
    expect(queue.map((f) => [f.loanRef, f.kind, f.reason, f.proposedFor]).sort()).toEqual([
      ['FX-LOAN-b2', 'broken_promise', `broken_promise:${D1}`, TOMORROW],
      ['PR-broken', 'broken_promise', `broken_promise:${D2}`, TOMORROW],
    ]);
    const tracked = await as(fx.manager).payments.promises({});
    expect(tracked.rows.find((p) => p.loanRef === 'PR-broken')?.proposalStatus).toBe('open');
  });

  it('two users proposing follow-ups at once propose each broken promise once, audited once', async () => {
    // Real concurrency on PostgreSQL (TEST_DATABASE_URL): both read "no proposal yet" before either commits.
    for (let round = 0; round < 4; round++) {
      const added: string[] = [];
      for (const k of ['a', 'b', 'c']) {
        const key = `race-${round}-${k}`;
        await add(key, { visitDate: D1, crew: fx.crews.c1, promise: { amountCents: 30_000, dueDate: D2 } });
        added.push(cases[key] as string);
      }
      const answers = await Promise.all([
        as(fx.dispatcher).payments.proposeFollowUps({}),
        as(fx.manager).payments.proposeFollowUps({}),
        as(fx.dispatcher).payments.proposeFollowUps({ teamId: fx.team }),
      ]);
      expect(answers.reduce((n, a) => n + a.proposed, 0)).toBe(3);
      const rows = await handle.db
        .select({ id: followUpProposals.id, caseId: followUpProposals.caseId })
        .from(followUpProposals)
        .where(inArray(followUpProposals.caseId, added));
      expect(rows.map((r) => r.caseId).sort()).toEqual([...added].sort());
      const audited = await handle.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, 'follow_up.propose'),
            inArray(
              auditLog.entityId,
              rows.map((r) => r.id),
            ),
          ),
        );
      expect(audited).toHaveLength(3);
    }
  });
});
