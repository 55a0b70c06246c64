/**
 * The worklist's statements are built once per input shape (which filters, how many teams, the status kind, the
 * sort) and run with each request's values (server/db/named.ts): requests of one shape must each get their own
 * answer — their own text, clock, page, status and teams — and chips asked in another order or twice the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { ACTIVE_CASE_STATUSES } from '../../shared/domain/constants';
import { WORKLIST_FILTERS, WORKLIST_SORTS, type WorklistInput } from '../../shared/schemas/worklist';
import { createTestDb, makeContext } from './helpers/db';
import { buildWorklistFixture, type ModelCase, NOW } from './helpers/worklist-fixture';

describe('cases worklist built once per shape', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildWorklistFixture>>;
  const list = (input: Partial<WorklistInput>, user = fx.dispatcher, now = NOW) =>
    createCaller(makeContext(handle, user, { now })).appointments.worklist(input);
  const active = (c: ModelCase) => (ACTIVE_CASE_STATUSES as readonly string[]).includes(c.status);
  const refs = (rows: ReadonlyArray<{ loanRef: string }>) => rows.map((r) => r.loanRef).sort();
  const modelRefs = (keep: (c: ModelCase) => boolean) =>
    fx.model
      .filter(keep)
      .map((c) => c.loanRef)
      .sort();

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildWorklistFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('requests of one shape get their own text, days past due, status and page', async () => {
    // Interleaved: a statement holding the last request's values would answer the next one with them.
    for (const tail of ['WL-01', 'WL-02', 'WL-01', 'wl-03']) {
      const found = await list({ q: tail, pageSize: 100 });
      expect(refs(found.rows)).toEqual(modelRefs((c) => active(c) && c.loanRef.startsWith(tail.toUpperCase())));
    }
    for (const [min, max] of [
      [100, 200],
      [0, 50],
      [100, 200],
    ] as const) {
      const found = await list({ dpdMin: min, dpdMax: max, pageSize: 100 });
      expect(refs(found.rows)).toEqual(modelRefs((c) => active(c) && c.daysPastDue >= min && c.daysPastDue <= max));
    }
    for (const status of ['paid', 'disputed', 'paid'] as const) {
      expect(refs((await list({ status })).rows)).toEqual(modelRefs((c) => c.status === status));
    }
    const order = fx.model
      .filter(active)
      .sort((a, b) => b.daysPastDue - a.daysPastDue)
      .map((c) => c.loanRef);
    for (const [page, pageSize] of [
      [0, 10],
      [3, 10],
      [1, 25],
      [0, 10],
    ] as const) {
      const found = await list({ page, pageSize });
      expect(found.rows.map((r) => r.loanRef)).toEqual(order.slice(page * pageSize, (page + 1) * pageSize));
      expect(found.total).toBe(order.length);
    }
    // A page past the end of one shape, then of the same shape with another text: each counts its own.
    const past = await list({ q: 'WL-01', page: 5 });
    const pastOther = await list({ q: 'WL-02', page: 5 });
    expect([past.rows, past.total]).toEqual([[], modelRefs((c) => active(c) && c.loanRef.startsWith('WL-01')).length]);
    expect(pastOther.total).toBe(modelRefs((c) => active(c) && c.loanRef.startsWith('WL-02')).length);
  });

  it('each request judges its chips at its own clock', async () => {
    // Before any promise of the fixture fell due no promise is broken; at NOW three are.
    const long = new Date('2020-01-01T00:00:00Z');
    for (const [now, broken] of [
      [NOW, 3],
      [long, 0],
      [NOW, 3],
    ] as const) {
      const found = await list({ filters: ['brokenPromise'] }, fx.dispatcher, now);
      expect([found.total, found.counts.brokenPromise]).toEqual([broken, broken]);
    }
  });

  it('chips asked in another order or twice answer as asked once in order', async () => {
    const once = await list({ filters: ['needsNotice', 'noSlot'], pageSize: 100 });
    expect(await list({ filters: ['noSlot', 'needsNotice'], pageSize: 100 })).toEqual(once);
    expect(await list({ filters: ['noSlot', 'needsNotice', 'noSlot'], pageSize: 100 })).toEqual(once);
    expect(once.total).toBe(modelRefs((c) => active(c) && c.needsNotice && c.noSlot).length);
  });

  it('one team, two teams and every team are shapes of their own, each scoped to its teams', async () => {
    const both = { ...fx.admin, role: 'manager' as const, teamIds: [fx.team, fx.otherTeam] };
    expect((await list({ status: 'all' })).total).toBe(48);
    expect((await list({ status: 'all' }, both)).total).toBe(53);
    expect((await list({ status: 'all' }, fx.admin)).total).toBe(53);
    expect((await list({ status: 'all', teamId: fx.otherTeam }, both)).total).toBe(5);
    expect((await list({ status: 'all', teamId: fx.team }, both)).total).toBe(48);
  });

  it('answers right past the shapes a handle keeps, and the first shape again', async () => {
    const first = await list({ q: 'WL-0', pageSize: 100 });
    let shapes = 0;
    for (const sort of WORKLIST_SORTS)
      for (const desc of [true, false])
        for (let mask = 0; mask < 16; mask++) {
          const filters = WORKLIST_FILTERS.filter((_, i) => mask & (1 << i));
          const found = await list({ q: 'WL-0', sort, desc, filters, pageSize: 100 });
          expect(found.total).toBe(
            modelRefs((c) => active(c) && c.loanRef.startsWith('WL-0') && filters.every((f) => c[f])).length,
          );
          shapes++;
        }
    expect(shapes).toBeGreaterThan(128);
    expect(await list({ q: 'WL-0', pageSize: 100 })).toEqual(first);
  });
});
