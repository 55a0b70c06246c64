/**
 * The cases worklist (issue #12 defect 6): every case of the team, paged on the server with a total, sorted by
 * days past due, amount, last contact, name, loan reference or next slot, filtered by "needs a notice", "no slot
 * yet", "callback requested", "broken promise", a days-past-due range, a district and free text, with a count
 * per filter; scoped by team. The expected pages are computed from the fixture's model of each case.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { ACTIVE_CASE_STATUSES } from '../../shared/domain/constants';
import type { WorklistFilter, WorklistInput } from '../../shared/schemas/worklist';
import { rows } from './helpers/calls';
import { createTestDb, makeContext } from './helpers/db';
import { buildWorklistFixture, type ModelCase, NOW } from './helpers/worklist-fixture';

describe('cases worklist', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildWorklistFixture>>;
  const as = (user: typeof fx.dispatcher) => createCaller(makeContext(handle, user, { now: NOW }));
  const list = (input: Partial<WorklistInput>, user = fx.dispatcher) => as(user).appointments.worklist(input);
  const active = (c: ModelCase) => (ACTIVE_CASE_STATUSES as readonly string[]).includes(c.status);
  const refs = (rows: ReadonlyArray<{ loanRef: string }>) => rows.map((r) => r.loanRef);

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildWorklistFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('pages every active case of the team by days past due, with the total and a count per filter', async () => {
    const expected = fx.model
      .filter(active)
      .sort((a, b) => b.daysPastDue - a.daysPastDue)
      .map((c) => c.loanRef);
    expect(expected.length).toBe(44);
    const first = await list({});
    expect(first.total).toBe(44);
    expect(refs(first.rows)).toEqual(expected.slice(0, 25));
    const second = await list({ page: 1 });
    expect(refs(second.rows)).toEqual(expected.slice(25));
    const count = (f: WorklistFilter) => fx.model.filter((c) => active(c) && c[f]).length;
    expect(first.counts).toEqual({
      needsNotice: count('needsNotice'),
      noSlot: count('noSlot'),
      callback: count('callback'),
      brokenPromise: count('brokenPromise'),
    });
    expect(first.counts.brokenPromise).toBe(3);
    // The rows carry the counts of one statement (window counts); a page past the end counts on its own.
    expect(first.rows[0]).not.toHaveProperty('counts');
    expect([second.total, second.counts]).toEqual([44, first.counts]);
    const past = await list({ page: 2 });
    expect([past.rows, past.total, past.counts]).toEqual([[], 44, first.counts]);
    // What a row says: the flags of its case, its district and its next slot.
    const row = (await list({ q: 'WL-010' })).rows[0];
    const model = fx.model.find((c) => c.loanRef === 'WL-010') as ModelCase;
    expect(row).toMatchObject({
      borrowerName: model.borrowerName,
      district: model.district,
      daysPastDue: model.daysPastDue,
      overdueAmountCents: model.amountCents,
      needsNotice: false,
      noSlot: false,
      callback: false,
      brokenPromise: true,
      nextSlotStart: model.nextSlotStart?.toISOString(),
    });
  });

  it('every row’s flags say what its case’s model says, and agree with the chip that filters by them', async () => {
    // The page's flags are computed for its rows alone (a broken promise from the case's own promises), the chips
    // and counts over the team: both must give the same answer for every case, active or not.
    const all = (await list({ status: 'all', pageSize: 100 })).rows;
    expect(all).toHaveLength(48);
    const filters: WorklistFilter[] = ['needsNotice', 'noSlot', 'callback', 'brokenPromise'];
    for (const row of all) {
      const model = fx.model.find((c) => c.loanRef === row.loanRef) as ModelCase;
      // A callback request stands whatever the case's status; the other chips are about cases still worked.
      for (const f of filters) {
        const expected = f === 'callback' ? model.callback : active(model) && model[f];
        expect([row.loanRef, f, row[f]]).toEqual([row.loanRef, f, expected]);
      }
    }
    for (const f of filters) {
      const chip = await list({ filters: [f], status: 'all', pageSize: 100 });
      expect([f, refs(chip.rows).sort()]).toEqual([
        f,
        all
          .filter((r) => r[f])
          .map((r) => r.loanRef)
          .sort(),
      ]);
    }
  });

  it('filters combine, each count says how many the filter would leave, and paging follows the filter', async () => {
    const callbacks = fx.model
      .filter((c) => active(c) && c.callback)
      .sort((a, b) => b.daysPastDue - a.daysPastDue)
      .map((c) => c.loanRef);
    const page1 = await list({ filters: ['callback'], pageSize: 10 });
    expect(page1.total).toBe(callbacks.length);
    expect(page1.counts.callback).toBe(callbacks.length);
    expect(refs(page1.rows)).toEqual(callbacks.slice(0, 10));
    const pastCallbacks = await list({ filters: ['callback'], pageSize: 10, page: 40 });
    expect([pastCallbacks.rows, pastCallbacks.total, pastCallbacks.counts]).toEqual([[], page1.total, page1.counts]);

    const both = await list({ filters: ['needsNotice', 'noSlot'] });
    const expected = fx.model.filter((c) => active(c) && c.needsNotice && c.noSlot);
    expect(both.total).toBe(expected.length);
    expect(both.counts.callback).toBe(expected.filter((c) => c.callback).length);
    expect(new Set(refs(both.rows))).toEqual(new Set(expected.map((c) => c.loanRef)));

    const broken = await list({ filters: ['brokenPromise'] });
    expect(refs(broken.rows).sort()).toEqual(['WL-003', 'WL-010', 'WL-017']);
  });

  it('narrows by days past due, district, status and free text (loan reference or name, any case)', async () => {
    const range = await list({ dpdMin: 100, dpdMax: 200, pageSize: 100 });
    expect(new Set(refs(range.rows))).toEqual(
      new Set(fx.model.filter((c) => active(c) && c.daysPastDue >= 100 && c.daysPastDue <= 200).map((c) => c.loanRef)),
    );
    const minhang = await list({ district: 'Minhang', pageSize: 100 });
    expect(new Set(refs(minhang.rows))).toEqual(
      new Set(fx.model.filter((c) => active(c) && c.district === 'Minhang').map((c) => c.loanRef)),
    );
    const paid = await list({ status: 'paid' });
    expect(refs(paid.rows).sort()).toEqual(['WL-012', 'WL-024', 'WL-036', 'WL-048']);
    expect((await list({ status: 'all' })).total).toBe(48);
    expect(refs((await list({ q: 'wl-01' })).rows).sort()).toEqual(
      ['WL-010', 'WL-011', 'WL-013', 'WL-014', 'WL-015', 'WL-016', 'WL-017', 'WL-018', 'WL-019'].sort(),
    );
    const byName = await list({ q: 'LI NA', status: 'all', pageSize: 100 });
    expect(new Set(refs(byName.rows))).toEqual(
      new Set(fx.model.filter((c) => c.borrowerName.startsWith('li na')).map((c) => c.loanRef)),
    );
    // A percent sign or an underscore is a character to find, not a pattern.
    const none = await list({ q: '%' });
    expect([none.rows, none.total, none.counts]).toEqual([
      [],
      0,
      { needsNotice: 0, noSlot: 0, callback: 0, brokenPromise: 0 },
    ]);
    expect((await list({ q: 'WL_0' })).total).toBe(0);
    await expect(list({ dpdMin: 200, dpdMax: 100 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('finds by text exactly what ILIKE on the loan reference or the name finds, in any case and alphabet', async () => {
    // A borrower renamed with letters beyond ASCII: the case's copy (and its lowercased search text, 0029) follow.
    const [renamed] = fx.model.filter((c) => c.status === 'open');
    if (!renamed) throw new Error('no open case in the fixture');
    const [{ id: borrowerId }] = (await rows<{ id: string }>(
      handle,
      sql`select borrower_id as id from cases where loan_ref = ${renamed.loanRef}`,
    )) as [{ id: string }];
    await handle.db.execute(sql`update borrowers set full_name = 'ÉMILE Ødegård-Straße' where id = ${borrowerId}`);
    const ilike = async (q: string) => {
      const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const found = await rows<{ loan_ref: string }>(
        handle,
        sql`select loan_ref from cases where team_id = ${fx.team}
          and (loan_ref ilike ${like} or borrower_name ilike ${like})`,
      );
      return found.map((r) => r.loan_ref).sort();
    };
    // The last, a loan reference's tail with the start of a name, spans the two columns: found by neither.
    for (const q of [
      'wl-01',
      'LI NA',
      'a',
      '0',
      'émile',
      'ØDEGÅRD',
      'straSSe',
      'straße',
      '-s',
      '%',
      '\\',
      `${renamed.loanRef.slice(-1)}${renamed.borrowerName.slice(0, 2)}`,
    ]) {
      const want = await ilike(q);
      const got = await list({ q, status: 'all', pageSize: 100 });
      expect(refs(got.rows).sort(), q).toEqual(want);
      expect(got.total, q).toBe(want.length);
    }
    expect(await ilike('émile')).toEqual([renamed.loanRef]);
    expect(await ilike('ØDEGÅRD')).toEqual([renamed.loanRef]);
    await handle.db.execute(sql`update borrowers set full_name = ${renamed.borrowerName} where id = ${borrowerId}`);
  });

  it('sorts by amount, name, loan reference, last contact and next slot, both ways, empty values last', async () => {
    const open = fx.model.filter(active);
    const all = async (input: Partial<WorklistInput>) => refs((await list({ ...input, pageSize: 100 })).rows);
    expect(await all({ sort: 'amount', desc: false })).toEqual(
      [...open].sort((a, b) => a.amountCents - b.amountCents).map((c) => c.loanRef),
    );
    expect(await all({ sort: 'loanRef', desc: false })).toEqual(open.map((c) => c.loanRef).sort());
    // Names in code-point order of their lower case, the same on every database server.
    const name = (c: ModelCase) => c.borrowerName.toLowerCase();
    expect(await all({ sort: 'borrower', desc: true })).toEqual(
      [...open].sort((a, b) => (name(a) < name(b) ? 1 : -1)).map((c) => c.loanRef),
    );
    const byTime = (key: 'lastContactAt' | 'nextSlotStart', desc: boolean) => {
      const dated = open.filter((c) => c[key]);
      dated.sort((a, b) => ((a[key] as Date).getTime() - (b[key] as Date).getTime()) * (desc ? -1 : 1));
      return dated.map((c) => c.loanRef);
    };
    const lastContact = await all({ sort: 'lastContact', desc: true });
    expect(lastContact.slice(0, byTime('lastContactAt', true).length)).toEqual(byTime('lastContactAt', true));
    const nextSlot = await all({ sort: 'nextSlot', desc: false });
    const withSlot = byTime('nextSlotStart', false);
    expect(nextSlot.slice(0, withSlot.length)).toEqual(withSlot);
    expect(nextSlot).toHaveLength(open.length);
  });

  it('shows only the caller’s teams: another team’s id is not found, an admin sees every team', async () => {
    expect((await list({ q: 'WB-', status: 'all' })).total).toBe(0);
    await expect(list({ teamId: fx.otherTeam })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await list({ q: 'WB-', status: 'all' }, fx.admin)).total).toBe(5);
    expect((await list({ teamId: fx.otherTeam, status: 'all' }, fx.admin)).total).toBe(5);
    expect(await as(fx.dispatcher).appointments.districts({})).toEqual(['Minhang', 'Pudong', 'Xuhui']);
  });

  it('a borrower asking for a call from their slot link is in the callback filter and on the follow-up list', async () => {
    const target = fx.model.find((c) => c.loanRef === 'WL-001') as ModelCase;
    const before = await list({ filters: ['callback'] });
    const dispatcher = as(fx.dispatcher);
    const file = await dispatcher.appointments.caseFile({ caseId: target.id });
    const link = await dispatcher.appointments.createLink({
      caseId: target.id,
      addressId: file.addresses[0]?.id as string,
      visitType: 'negotiation',
      idempotencyKey: 'worklist-callback-link',
    });
    const borrower = createCaller(makeContext(handle, null, { now: NOW, ip: '10.9.9.9' }));
    await borrower.slots.decline({ token: link.path.slice(3), note: 'After 18:00 please' });
    const after = await list({ filters: ['callback'] });
    expect(after.total).toBe(before.total + 1);
    expect(refs(after.rows)).toContain('WL-001');
    expect(after.rows.find((r) => r.loanRef === 'WL-001')?.lastContactAt).toBe(NOW.toISOString());
    const queue = (await dispatcher.payments.followUps({})).rows;
    expect(queue.find((f) => f.loanRef === 'WL-001')).toMatchObject({
      kind: 'callback',
      note: 'After 18:00 please',
      caseId: target.id,
      borrowerName: target.borrowerName,
    });
  });
  it('each row carries its own team’s zone, its broken-promise flag judged in it, and its first slot ahead', async () => {
    // The other team works in Los Angeles: at NOW (09:00 in Shanghai) it is still the day before there, so a
    // promise due that day is broken in Shanghai and not yet in Los Angeles. The page's rows take the zone their
    // select read with the chips; an admin's page holds both teams.
    const dueYesterday = '2026-03-11';
    await handle.db.execute(
      sql`update policy_settings set time_zone = 'America/Los_Angeles' where team_id = ${fx.otherTeam}`,
    );
    await handle.db.execute(
      sql`update cases set open_promise_due_on = ${dueYesterday} where loan_ref in ('WB-001', 'WL-001')`,
    );
    // A second agreed slot on a case with one: the row shows the first, with that slot's own end.
    const withSlot = fx.model.find((c) => c.nextSlotStart) as ModelCase;
    const [slot] = await rows<{ address_id: string }>(
      handle,
      sql`select address_id from appointments where case_id = ${withSlot.id} limit 1`,
    );
    const addressId = slot?.address_id as string;
    const first = withSlot.nextSlotStart as Date;
    const later = new Date(first.getTime() + 86_400_000);
    await handle.db.insert(appointments).values({
      caseId: withSlot.id,
      addressId,
      slotStart: later,
      slotEnd: new Date(later.getTime() + 3_600_000),
      agreedAt: NOW,
      agreedVia: 'phone',
      status: 'agreed',
    });
    const page = await list({ q: '-001', status: 'all' }, fx.admin);
    const byRef = Object.fromEntries(page.rows.map((r) => [r.loanRef, r]));
    expect(byRef['WB-001']).toMatchObject({ timeZone: 'America/Los_Angeles', brokenPromise: false });
    expect(byRef['WL-001']).toMatchObject({ timeZone: 'Asia/Shanghai', brokenPromise: true });
    expect(page.counts.brokenPromise).toBe(1);
    const slotRow = (await list({ q: withSlot.loanRef })).rows[0];
    expect([slotRow?.nextSlotStart, slotRow?.nextSlotEnd]).toEqual([
      first.toISOString(),
      new Date(first.getTime() + 2 * 3_600_000).toISOString(),
    ]);
  });
});
