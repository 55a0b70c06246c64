import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import type { SessionUser } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/root';
import { haversineM, travelMinutes } from '../../shared/geo';
import { createTestDb, makeContext } from './helpers/db';
import { exportOf } from './helpers/export-file';
import { D1, D2, PLACE } from './helpers/oversight-dataset';
import { buildOversightFixture } from './helpers/oversight-fixture';

// "Today" for the kept-promise population: long after the period, so every instalment in it is due.
const NOW = new Date('2026-05-01T04:00:00Z');

describe('KPIs on a hand-built team', () => {
  let handle: DbHandle;
  let fx: Awaited<ReturnType<typeof buildOversightFixture>>;
  const caller = (user: Omit<SessionUser, 'sessionTokenHash'> = fx.manager) =>
    createCaller(makeContext(handle, user, { now: NOW }));

  beforeAll(async () => {
    handle = await createTestDb();
    fx = await buildOversightFixture(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('computes every KPI of the period exactly', async () => {
    const { kpis } = await caller().reports.dashboard({ from: D1, to: D2 });
    // v1..v5 and v7 are planned (v6 is cancelled); v1, v2, v3, v5 were made; v4 was missed.
    expect(kpis.planned).toBe(6);
    expect(kpis.made).toBe(4);
    expect(kpis.missed).toBe(1);
    // Borrower present at v1, v2, v5 (v5's latest version, the correction, still says present).
    expect(kpis.contactRate).toBe(0.75);
    // v1 promise_to_pay and v2 repayment_plan_agreed; v5's correction is a dispute.
    expect(kpis.promiseRate).toBe(0.5);
    expect(kpis.promisedCents).toBe(50_000);
    expect(kpis.plansAgreed).toBe(1);
    // Due in the period: seq 1 (part-paid), seq 2 (paid 23:30 on its due date, Shanghai time), seq 3 (paid
    // 00:30 the next day). Only seq 2 was kept; seq 4 falls after the period. v1's promise has no date.
    expect(kpis.promisesDecided).toBe(3);
    expect(kpis.promisesKept).toBe(1);
    expect(kpis.keptPromiseRate).toBeCloseTo(1 / 3, 10);
    // Checked in: v1 (09:30 in 09–11), v2 (12:10 after 10–12), v3 (14:20 in 14–16), v5 (09:05 in 09–11).
    expect(kpis.onTimeRate).toBe(0.75);
    // Crew-days with visits: c1@D1, c2@D1, c1b@D2 → 4 made / 3.
    expect(kpis.visitsPerCrewDay).toBe(1.333);
    // One leg travelled: c1 from v1 (p1) to v2 (p2), ≈2.0 km straight × 1.4 detour, over 4 made visits.
    const legKm = (haversineM(PLACE.p1, PLACE.p2) * 1.4) / 1000;
    expect(kpis.kmPerVisit).toBe(Number((legKm / 4).toFixed(3)));
    expect(kpis.kmPerVisit).toBeCloseTo(0.7, 2);
    // The leg's minutes as the board counts them: whole minutes rounded up (≈2.8 km at 25 km/h → 7), over 4 visits.
    expect(travelMinutes(PLACE.p1, PLACE.p2)).toBe(Math.ceil((legKm / 25) * 60));
    expect(kpis.travelMinutesPerVisit).toBe(Number((Math.ceil((legKm / 25) * 60) / 4).toFixed(2)));
  });

  it('narrows to one agent and one crew', async () => {
    const a3 = (await caller().reports.dashboard({ from: D1, to: D2, agentId: fx.agents.a3 })).kpis;
    expect([a3.planned, a3.made, a3.missed, a3.contactRate, a3.onTimeRate, a3.visitsPerCrewDay]).toEqual([
      2, 1, 1, 0, 1, 1,
    ]);
    expect(a3.promisesDecided).toBe(0);
    expect(a3.keptPromiseRate).toBeNull();
    const c1 = (await caller().reports.dashboard({ from: D1, to: D1, crewId: fx.crews.c1.id })).kpis;
    expect([c1.planned, c1.made, c1.promiseRate, c1.onTimeRate, c1.promisesDecided]).toEqual([2, 2, 1, 0.5, 1]);
  });

  it('gives the chart series and drills into the visits behind a number', async () => {
    const d = await caller().reports.dashboard({ from: D1, to: D2 });
    expect(d.trend).toEqual([
      { date: D1, planned: 4, made: 3, missed: 1, promises: 2 },
      { date: D2, planned: 2, made: 1, missed: 0, promises: 0 },
    ]);
    expect(d.byOutcome).toEqual(
      expect.arrayContaining([
        { code: 'promise_to_pay', count: 1 },
        { code: 'repayment_plan_agreed', count: 1 },
        { code: 'borrower_absent', count: 1 },
        { code: 'dispute', count: 1 },
      ]),
    );
    expect(d.byAgent.map((a) => [a.name, a.made])).toEqual([
      ['Agent 1', 3],
      ['Agent 3', 1],
    ]);
    const late = await caller().reports.visits({ filter: { from: D1, to: D2 }, drill: 'late' });
    expect(late.total).toBe(1);
    expect(late.rows[0]?.visitId).toBe(fx.visitIds.v2);
    const page = await caller().reports.visits({
      filter: { from: D1, to: D2 },
      drill: 'planned',
      sort: 'borrower',
      desc: false,
      page: 1,
      pageSize: 5,
    });
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.borrowerName)).toEqual(['Borrower b7']);
    // Managers never see a borrower's phone or ID number in clear.
    expect(page.rows[0]?.borrowerPhone).toMatch(/^139\*+\d{4}$/);
  });

  it('exports the filtered table as CSV and XLSX with PII masked', async () => {
    const csv = await exportOf(handle, fx.manager, { filter: { from: D1, to: D2 }, drill: 'made', format: 'csv' });
    const text = csv.text;
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('Borrower');
    expect(text).not.toMatch(/1390000\d{4}/);
    expect(text).toMatch(/139\*\*\*\*\d{4}/);
    const xlsx = await exportOf(handle, fx.manager, { filter: { from: D1, to: D2 }, format: 'xlsx' });
    expect(xlsx.buffer.subarray(0, 2).toString()).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.rowCount).toBe(8); // the header and 7 visits
  });

  it('masks ID numbers and phones in every export for every role, dispatchers included (SPEC §4)', async () => {
    // Dispatchers see phones in clear on screen (they call to reschedule); a file leaves the app, so never.
    const admin = { ...fx.manager, role: 'admin' as const, teamIds: [] };
    const onScreen = await caller(fx.dispatcher).reports.visits({ filter: { from: D1, to: D2 }, pageSize: 50 });
    expect(onScreen.rows[0]?.borrowerPhone).toMatch(/^1390000\d{4}$/);
    for (const user of [fx.dispatcher, fx.manager, admin]) {
      const csv = await exportOf(handle, user, { filter: { from: D1, to: D2 }, format: 'csv' });
      const text = csv.text;
      expect(csv.rows).toBe(7);
      expect(text).not.toMatch(/1390000\d{4}/);
      expect(text).not.toMatch(/31010119900101\d{4}/);
      expect(text.match(/139\*{4}\d{4}/g)).toHaveLength(7);
      expect(text.match(/310\*{11}\d{4}/g)).toHaveLength(7);

      const xlsx = await exportOf(handle, user, { filter: { from: D1, to: D2 }, format: 'xlsx' });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
      const cells: string[] = [];
      book.worksheets[0]?.eachRow((row) => {
        row.eachCell((cell) => void cells.push(String(cell.value)));
      });
      const phones = cells.filter((c) => /^139[\d*]{8}$/.test(c));
      const ids = cells.filter((c) => /^310[\d*]{15}$/.test(c));
      expect(phones).toHaveLength(7);
      expect(ids).toHaveLength(7);
      expect(phones.every((c) => /^139\*{4}\d{4}$/.test(c))).toBe(true);
      expect(ids.every((c) => /^310\*{11}\d{4}$/.test(c))).toBe(true);
    }
  });

  it('keeps managers to their teams', async () => {
    await expect(caller().reports.dashboard({ from: D1, to: D2, teamId: fx.otherTeam })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const other = await caller(fx.otherManager).reports.dashboard({ from: D1, to: D2 });
    expect(other.kpis.planned).toBe(0);
    expect(other.kpis.contactRate).toBeNull();
  });

  it('rejects a period that ends before it starts, naming the field', async () => {
    await expect(caller().reports.dashboard({ from: D2, to: D1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
