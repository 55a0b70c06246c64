import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { rows } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { at, D1, D2, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';
import { addPromiseCase } from './helpers/promise-fixture';

describe('payments and promise tracking', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  // "Today" is D3 in Shanghai: v9 and v10 (case b1) are still to come that day.
  const NOW = at(D3, '08:00');
  const as = (user: typeof fx.manager) => createCaller(makeContext(handle, user, { now: NOW }));

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('tracks instalments as kept, paid late, broken or due; broken ones become one follow-up proposal each', async () => {
    const promises = await as(fx.manager).payments.promises({ from: D1, to: '2026-04-30' });
    expect(promises.rows.map((p) => [p.seq, p.state])).toEqual([
      [1, 'broken'],
      [2, 'kept'],
      [3, 'paid_late'],
      [4, 'due'],
    ]);
    expect(await as(fx.dispatcher).payments.proposeFollowUps({})).toEqual({ proposed: 1 });
    expect(await as(fx.dispatcher).payments.proposeFollowUps({})).toEqual({ proposed: 0 });
    const queue = await as(fx.dispatcher).payments.followUps({});
    expect(queue).toMatchObject({ total: 1, nextCursor: null });
    expect(queue.rows).toHaveLength(1);
    expect(queue.rows[0]).toMatchObject({
      caseId: fx.cases.b2,
      reason: `broken_promise:${D1}`,
      proposedFor: '2026-03-13',
    });
    expect(await as(fx.otherManager).payments.followUps({})).toEqual({ total: 0, nextCursor: null, rows: [] });
  });

  it('a payment settles instalments oldest first and is idempotent by reference', async () => {
    const input = {
      caseId: fx.cases.b2 as string,
      amountCents: 2_000,
      paidOn: D3,
      channel: 'bank_transfer',
      reference: 'PAY-0001',
    };
    const first = await as(fx.manager).payments.record(input);
    expect(first).toMatchObject({ duplicate: false, casePaid: false, cancelledVisits: 0 });
    expect((await as(fx.manager).payments.record(input)).duplicate).toBe(true);
    await expect(as(fx.manager).payments.record({ ...input, amountCents: 9_999 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const inst = await rows<{ seq: number; paid_cents: number }>(
      handle,
      sql`select seq, paid_cents from instalments where plan_id = ${fx.planId} order by seq`,
    );
    // seq 1 was 3,000 of 5,000 paid: the 2,000 complete it; nothing spills over to seq 4.
    expect(inst.map((i) => [i.seq, Number(i.paid_cents)])).toEqual([
      [1, 5_000],
      [2, 10_000],
      [3, 10_000],
      [4, 0],
    ]);
    const [p] = await rows<{ n: number }>(
      handle,
      sql`select count(*)::int as n from payments where reference = 'PAY-0001'`,
    );
    expect(Number(p?.n)).toBe(1);
  });

  it('imports a CSV all-or-nothing with line numbers, and a re-import adds nothing', async () => {
    const bad = [
      'reference,loan_ref,amount,paid_on,channel',
      'IMP-1,FX-LOAN-b1,100.00,2026-03-11,alipay',
      'IMP-2,FX-LOAN-nope,50,2026-03-11,alipay',
      'IMP-3,FX-LOAN-b1,-5,2026-03-11,alipay',
    ].join('\n');
    type Refused = { code: string; cause?: { fieldErrors?: Record<string, string> } };
    const err = (await as(fx.manager)
      .payments.importCsv({ csv: bad })
      .then(() => ({ code: 'ACCEPTED' }))
      .catch((e: unknown) => e)) as Refused;
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    expect(Object.keys(err.cause?.fieldErrors ?? {}).sort()).toEqual(['line 3.loan_ref', 'line 4.amount']);
    const [none] = await rows<{ n: number }>(
      handle,
      sql`select count(*)::int as n from payments where reference like 'IMP-%'`,
    );
    expect(Number(none?.n)).toBe(0);

    // b1 owes 3,000 yuan: these two lines pay it in full, so its pending visits (v9, v10 today) are cancelled.
    const good = [
      'reference,loan_ref,amount,paid_on,channel',
      'IMP-1,FX-LOAN-b1,1000.00,2026-03-11,alipay',
      '"IMP-2",FX-LOAN-b1,"2000",2026-03-12,wechat_pay',
      '',
    ].join('\r\n');
    expect(await as(fx.manager).payments.importCsv({ csv: good })).toEqual({
      added: 2,
      skipped: 0,
      cancelledVisits: 2,
    });
    expect(await as(fx.manager).payments.importCsv({ csv: good })).toEqual({
      added: 0,
      skipped: 2,
      cancelledVisits: 0,
    });
    const visits = await rows<{ id: string; status: string }>(
      handle,
      sql`select id, status::text as status from visits where id in (${fx.visitIds.v9}, ${fx.visitIds.v10}, ${fx.visitIds.v1})`,
    );
    const status = Object.fromEntries(visits.map((v) => [v.id, v.status]));
    expect([
      status[fx.visitIds.v1 as string],
      status[fx.visitIds.v9 as string],
      status[fx.visitIds.v10 as string],
    ]).toEqual(['completed', 'cancelled', 'cancelled']);
    const [c] = await rows<{ status: string }>(
      handle,
      sql`select status::text as status from cases where id = ${fx.cases.b1}`,
    );
    expect(c?.status).toBe('paid');
    const audits = await rows<{ action: string }>(
      handle,
      sql`select action from audit_log where entity_id in (${fx.visitIds.v9}, ${fx.visitIds.v10}) order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual(['visit.cancel', 'visit.cancel']);
  });

  it('is for managers: dispatchers may not enter payments', async () => {
    await expect(
      as(fx.dispatcher).payments.record({
        caseId: fx.cases.b2 as string,
        amountCents: 1,
        paidOn: D2,
        channel: 'x',
        reference: 'PAY-9',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('two payments on one case at once both count: the plan is settled by both and the case becomes paid', async () => {
    // Real concurrency on PostgreSQL (TEST_DATABASE_URL): both read the instalments before either commits.
    for (let round = 0; round < 3; round++) {
      const { caseId } = await addPromiseCase(handle, {
        key: `pay-race-${round}`,
        visitDate: D1,
        crew: fx.crews.c1,
        teamId: fx.team,
        recordedBy: fx.manager.id,
        plan: [
          { dueDate: D2, amountCents: 100_000 },
          { dueDate: '2026-03-20', amountCents: 200_000 },
        ],
      });
      const pay = (amountCents: number, n: number) =>
        as(fx.manager).payments.record({
          caseId,
          amountCents,
          paidOn: D3,
          channel: 'alipay',
          reference: `PAY-RACE-${round}-${n}`,
        });
      await Promise.all([pay(60_000, 1), pay(60_000, 2)]);
      const paid = await rows<{ seq: number; paid: number }>(
        handle,
        sql`select i.seq, i.paid_cents as paid from instalments i join repayment_plans rp on rp.id = i.plan_id
          where rp.case_id = ${caseId} order by i.seq`,
      );
      expect(paid.map((i) => [i.seq, Number(i.paid)])).toEqual([
        [1, 100_000],
        [2, 20_000],
      ]);
      // Together they cover the ¥3,000 overdue, though neither does alone.
      await Promise.all([pay(90_000, 3), pay(90_000, 4)]);
      const [c] = await rows<{ status: string }>(
        handle,
        sql`select status::text as status from cases where id = ${caseId}`,
      );
      expect(c?.status).toBe('paid');
    }
  });
});
