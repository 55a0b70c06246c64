/**
 * The visits table of the oversight page, filtered, sorted and paged in SQL (issue #17 item 2): every order
 * pages completely and stably, filters and scope narrow it, its totals are the dashboard's numbers, and hostile
 * input is refused naming the field. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import type { SessionUser } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/root';
import { VISIT_SORTS, type VisitTableInput } from '../../shared/schemas/oversight';
import { clientAnswer } from './helpers/client-error';
import { createTestDb, makeContext } from './helpers/db';
import { at, D1, D2, D3 } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

const D4 = '2026-03-13';
const PERIOD = { from: D1, to: D4 };
const NOW = new Date('2026-05-01T04:00:00Z');
const SORTS = VISIT_SORTS;
// Names with case and ties, so an order is only total with its tiebreak; one with a LIKE wildcard in it.
const NAMES = ['Wang Li', 'wang li', 'Zhao 50%', 'Chen', 'Wang Li', 'Ávila'];

let seq = 0;

/** `n` unassigned or missed visits on D4 in `team`, each its own case, some with the same borrower name. */
async function addVisits(handle: DbHandle, team: string, n: number, prefix: string) {
  for (let i = 0; i < n; i++) {
    const [borrower, address, kase, appointment] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const fullName = NAMES[i % NAMES.length] as string;
    await handle.db.insert(s.borrowers).values({
      id: borrower,
      fullName,
      idNumber: `310101199001${String(50_000 + seq)}`,
      phone: `1370${String(1_000_000 + seq++)}`,
    });
    await handle.db
      .insert(s.addresses)
      .values({ id: address, borrowerId: borrower, text: 'Road', district: 'Minhang', lat: 31.1, lng: 121.4 });
    await handle.db.insert(s.cases).values({
      id: kase,
      teamId: team,
      borrowerId: borrower,
      borrowerName: fullName,
      loanRef: `${prefix}-${String(i).padStart(3, '0')}`,
      product: 'cash_loan',
      principalCents: 1_000_000,
      overdueAmountCents: 300_000,
      daysPastDue: 40,
      bucket: 'M2',
    });
    // Three slots only: many visits share a slot, so visitDate order needs its tiebreak too.
    const hour = 9 + (i % 3) * 2;
    await handle.db.insert(s.appointments).values({
      id: appointment,
      caseId: kase,
      addressId: address,
      slotStart: at(D4, `${hour}:00`),
      slotEnd: at(D4, `${hour + 2}:00`),
      agreedAt: at('2026-03-01', '10:00'),
      agreedVia: 'phone',
    });
    await handle.db.insert(s.visits).values({
      id: randomUUID(),
      appointmentId: appointment,
      teamId: team,
      visitDate: D4,
      slotStart: at(D4, `${hour}:00`),
      slotEnd: at(D4, `${hour + 2}:00`),
      caseId: kase,
      addressId: address,
      visitType: 'negotiation',
      status: i % 4 === 0 ? 'missed' : 'unassigned',
    });
  }
}

describe('reports.visits: filtered, sorted and paged in SQL', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const caller = (user: Omit<SessionUser, 'sessionTokenHash'> = fx.manager) =>
    createCaller(makeContext(handle, user, { now: NOW }));
  /** Every row of a table query, page by page. */
  const allPages = async (input: Omit<VisitTableInput, 'page' | 'pageSize'>, pageSize = 7) => {
    const first = await caller().reports.visits({ ...input, page: 0, pageSize });
    const rows = [...first.rows];
    for (let p = 1; p * pageSize < first.total; p++) {
      const next = await caller().reports.visits({ ...input, page: p, pageSize });
      expect(next.total).toBe(first.total);
      rows.push(...next.rows);
    }
    return { total: first.total, rows };
  };

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
    await addVisits(handle, fx.team, 40, 'TBL');
    await addVisits(handle, fx.otherTeam, 5, 'OTH');
  }, 120_000);
  afterAll(async () => handle?.close());

  it('pages every order completely, each visit once, the same way twice', async () => {
    const everyone = await caller().reports.visits({ filter: PERIOD, pageSize: 200 });
    expect(everyone.total).toBe(51); // the fixture's 11 visits of D1..D3 and the 40 added on D4
    const ids = new Set(everyone.rows.map((r) => r.visitId));
    for (const sort of SORTS) {
      for (const desc of [false, true]) {
        const { total, rows } = await allPages({ filter: PERIOD, sort, desc });
        expect(total).toBe(51);
        expect(rows.map((r) => r.visitId).sort()).toEqual([...ids].sort());
        const again = await allPages({ filter: PERIOD, sort, desc });
        expect(again.rows.map((r) => r.visitId)).toEqual(rows.map((r) => r.visitId));
      }
    }
  });

  it("pages a manager of several teams in date order as one list (each team's range merged)", async () => {
    const both = { ...fx.manager, teamIds: [fx.team, fx.otherTeam] };
    const admin = { ...fx.manager, role: 'admin' as const, teamIds: [] };
    for (const desc of [true, false]) {
      for (const filters of [{}, { drill: 'made' as const }, { status: 'assigned' as const }]) {
        const input = { filter: PERIOD, sort: 'visitDate' as const, desc, ...filters };
        const whole = await caller(admin).reports.visits({ ...input, pageSize: 200 });
        const rows = [];
        for (let p = 0; p * 7 < whole.total; p++) {
          const next = await caller(both).reports.visits({ ...input, page: p, pageSize: 7 });
          expect(next.total).toBe(whole.total);
          rows.push(...next.rows);
        }
        expect(rows.map((r) => r.visitId)).toEqual(whole.rows.map((r) => r.visitId));
      }
    }
  });

  it('sorts by the column asked for, text in code-point order, missing values first going up', async () => {
    const byName = (await caller().reports.visits({ filter: PERIOD, sort: 'borrower', desc: false, pageSize: 200 }))
      .rows;
    const names = byName.map((r) => r.borrowerName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.indexOf('Wang Li')).toBeLessThan(names.indexOf('wang li'));
    const promised = (await caller().reports.visits({ filter: PERIOD, sort: 'promised', desc: true, pageSize: 200 }))
      .rows;
    expect(promised[0]?.promisedAmountCents).toBe(50_000);
    expect(promised.at(-1)?.promisedAmountCents).toBeNull();
    const byDate = (await caller().reports.visits({ filter: PERIOD, desc: true, pageSize: 200 })).rows;
    const keys = byDate.map((r) => `${r.visitDate}|${r.slotStart}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('filters by day, status, outcome, agent and text; a wildcard in the text is a plain character', async () => {
    const c = caller();
    expect((await c.reports.visits({ filter: PERIOD, date: D4 })).total).toBe(40);
    expect((await c.reports.visits({ filter: PERIOD, date: D4, status: 'missed' })).total).toBe(10);
    const disputes = await c.reports.visits({ filter: PERIOD, outcome: 'dispute' });
    expect(disputes.rows.map((r) => r.visitId)).toEqual([fx.visitIds.v5]);
    const a3 = await c.reports.visits({ filter: { ...PERIOD, agentId: fx.agents.a3 } });
    expect(a3.total).toBe(2);
    expect((await c.reports.visits({ filter: PERIOD, search: 'WANG LI' })).total).toBe(20);
    expect((await c.reports.visits({ filter: PERIOD, search: '50%' })).total).toBe(7);
    expect((await c.reports.visits({ filter: PERIOD, search: '5_%' })).total).toBe(0);
    expect((await c.reports.visits({ filter: PERIOD, search: 'tbl-007' })).rows[0]?.loanRef).toBe('TBL-007');
  });

  it("keeps each manager to their teams' visits", async () => {
    const mine = await caller().reports.visits({ filter: PERIOD, pageSize: 200 });
    expect(mine.rows.some((r) => r.loanRef.startsWith('OTH'))).toBe(false);
    const theirs = await caller(fx.otherManager).reports.visits({ filter: PERIOD, pageSize: 200 });
    expect(theirs.total).toBe(5);
    expect(theirs.rows.every((r) => r.loanRef.startsWith('OTH'))).toBe(true);
    await expect(caller().reports.visits({ filter: { ...PERIOD, teamId: fx.otherTeam } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const admin = { ...fx.manager, role: 'admin' as const, teamIds: [] };
    expect((await caller(admin).reports.visits({ filter: PERIOD })).total).toBe(56);
  });

  it("counts behind every drill exactly the dashboard's number", async () => {
    const c = caller();
    for (const filter of [{ from: D1, to: D2 }, PERIOD, { from: D1, to: D1, crewId: fx.crews.c1.id }]) {
      const { kpis, trend, byOutcome } = await c.reports.dashboard(filter);
      const total = async (input: Omit<VisitTableInput, 'filter' | 'sort' | 'desc' | 'page' | 'pageSize'>) =>
        (await c.reports.visits({ filter, ...input })).total;
      expect(await total({ drill: 'planned' })).toBe(kpis.planned);
      expect(await total({ drill: 'made' })).toBe(kpis.made);
      expect(await total({ drill: 'missed' })).toBe(kpis.missed);
      expect(await total({ drill: 'present' })).toBe(Math.round((kpis.contactRate ?? 0) * kpis.made));
      expect(await total({ drill: 'promise' })).toBe(Math.round((kpis.promiseRate ?? 0) * kpis.made));
      expect(await total({ drill: 'plan' })).toBe(kpis.plansAgreed);
      const checkedIn = (await total({ drill: 'onTime' })) + (await total({ drill: 'late' }));
      expect(await total({ drill: 'onTime' })).toBe(Math.round((kpis.onTimeRate ?? 0) * checkedIn));
      for (const day of trend) expect(await total({ drill: 'planned', date: day.date })).toBe(day.planned);
      for (const o of byOutcome) {
        expect(await total({ drill: 'made', outcome: o.code as never })).toBe(o.count);
      }
    }
    expect((await c.reports.dashboard(PERIOD)).kpis.planned).toBe(50); // v6 is cancelled
  });

  it('refuses hostile input with a 400 naming the field', async () => {
    const answer = (input: unknown) => clientAnswer(handle, caller().reports.visits(input as VisitTableInput));
    const cases: Array<[unknown, string]> = [
      [{ filter: PERIOD, page: 1e12 }, 'page'],
      [{ filter: PERIOD, page: -1 }, 'page'],
      [{ filter: PERIOD, pageSize: 100_000 }, 'pageSize'],
      [{ filter: PERIOD, sort: 'password_hash' }, 'sort'],
      [{ filter: PERIOD, sort: 'visitDate; drop table visits' }, 'sort'],
      [{ filter: { from: '2026-02-30', to: D4 } }, 'filter.from'],
      [{ filter: PERIOD, date: '2026-13-01' }, 'date'],
      [{ filter: PERIOD, status: 'deleted' }, 'status'],
      [{ filter: PERIOD, drill: 'everything' }, 'drill'],
      [{ filter: PERIOD, search: 'x'.repeat(101) }, 'search'],
      [{ filter: { from: D1, to: '2028-01-01' } }, 'filter.to'],
    ];
    for (const [input, field] of cases) {
      const r = await answer(input);
      expect([r.code, Object.keys(r.fieldErrors)], JSON.stringify(input)).toEqual(['BAD_REQUEST', [field]]);
    }
    // Still answering afterwards: nothing above reached the database as SQL.
    expect((await caller().reports.visits({ filter: PERIOD })).total).toBe(51);
  });

  it('pages of one shape in turn (the table as it opens, built once per shape) each read their own scope', async () => {
    const own = (await caller().reports.visits({ filter: PERIOD, pageSize: 200 })).rows.map((r) => r.visitId);
    const others = (await caller(fx.otherManager).reports.visits({ filter: PERIOD, pageSize: 200 })).rows;
    expect(own).toHaveLength(51);
    for (let round = 0; round < 2; round++) {
      const mine = await caller().reports.visits({ filter: PERIOD, page: 1, pageSize: 10 });
      const theirs = await caller(fx.otherManager).reports.visits({ filter: PERIOD, page: 0, pageSize: 10 });
      const d3 = await caller().reports.visits({ filter: { from: D3, to: D3 }, page: 0, pageSize: 10 });
      const a3 = await caller().reports.visits({ filter: { ...PERIOD, agentId: fx.agents.a3 } });
      expect(mine.rows.map((r) => r.visitId)).toEqual(own.slice(10, 20));
      expect(theirs.rows.map((r) => r.visitId)).toEqual(others.map((r) => r.visitId));
      expect(d3.rows.every((r) => r.visitDate === D3) && d3.rows.length > 0).toBe(true);
      expect(a3.total).toBe(2);
    }
  });

  it('keeps D3 out of a D1..D2 period and D3 in its own', async () => {
    const d3 = await caller().reports.visits({ filter: { from: D3, to: D3 } });
    expect(d3.rows.every((r) => r.visitDate === D3)).toBe(true);
    expect(d3.total).toBeGreaterThan(0);
  });
});
