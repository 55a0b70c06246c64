import { describe, expect, it } from 'vitest';
import type { VisitCounts } from '../../../server/modules/reports/dashboard.repo';
import { computeKpis, isOnTime, type ScopeCounts, splitCounts } from '../../../server/modules/reports/reports.compute';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';

const at = (hhmm: string, date = '2026-12-01') => new Date(`${date}T${hhmm}:00+08:00`);
const A = { lat: 31.23, lng: 121.47 };
const B = { lat: 31.24, lng: 121.48 };
const NO_PROMISES = { kept: 0, paid_late: 0, broken: 0, due: 0 };
const counts = (over: Partial<ScopeCounts> = {}): ScopeCounts => ({
  planned: 3,
  made: 2,
  missed: 1,
  present: 1,
  promises: 1,
  promisedCents: 10_000,
  plans: 0,
  checkedIn: 2,
  onTime: 0,
  travelM: 0,
  travelMinutes: 0,
  crewDays: 1,
  ...over,
});

describe('KPIs from the counts the database made', () => {
  it('gives the rates over made visits and the kept-promise rate over decided promises', () => {
    const leg = { travelM: haversineM(A, B), travelMinutes: travelMinutes(A, B) };
    const k = computeKpis(counts(leg), {
      kept: 3,
      paid_late: 1,
      broken: 2,
      due: 9,
    });
    expect(k).toMatchObject({
      planned: 3,
      made: 2,
      missed: 1,
      contactRate: 0.5,
      promiseRate: 0.5,
      promisedCents: 10_000,
      keptPromiseRate: 0.5, // 3 kept of 6 decided; the 9 still due do not count
      promisesDecided: 6,
      promisesKept: 3,
      plansAgreed: 0,
      visitsPerCrewDay: 2,
      onTimeRate: 0,
    });
    const km = (haversineM(A, B) * STRAIGHT_LINE_MODEL.detourFactor) / 1000;
    expect(k.kmPerVisit).toBe(Number((km / 2).toFixed(3)));
    expect(k.travelMinutesPerVisit).toBe(Number((travelMinutes(A, B) / 2).toFixed(2)));
  });

  it('gives null, not zero, for a rate with nothing to divide by', () => {
    const k = computeKpis(counts({ made: 0, present: 0, promises: 0, checkedIn: 0, planned: 1 }), NO_PROMISES);
    expect(k).toMatchObject({ made: 0, contactRate: null, promiseRate: null, keptPromiseRate: null });
    expect(k.kmPerVisit).toBeNull();
    expect(k.onTimeRate).toBeNull();
  });

  it('on time is inside the slot, edges included; not checked in is neither', () => {
    const slot = { slotStart: at('14:00'), slotEnd: at('16:00') };
    expect(isOnTime({ ...slot, checkInAt: at('14:00') })).toBe(true);
    expect(isOnTime({ ...slot, checkInAt: at('16:00') })).toBe(true);
    expect(isOnTime({ ...slot, checkInAt: at('16:01') })).toBe(false);
    expect(isOnTime({ ...slot, checkInAt: null })).toBeNull();
  });

  it('picks the trend, outcome breakdown and agent comparison out of the grouping sets', () => {
    const row = (grouping: number, over: Partial<VisitCounts>): VisitCounts => ({
      grouping,
      visitDate: null as unknown as string,
      outcomeCode: null,
      agentId: null,
      agentName: null,
      ...counts({ planned: 0, made: 0, missed: 0, present: 0, promises: 0 }),
      ...over,
    });
    const split = splitCounts([
      row(15, { planned: 4, made: 3 }),
      row(7, { visitDate: '2026-12-02', planned: 1, made: 1, promises: 1 }),
      row(7, { visitDate: '2026-12-01', planned: 3, made: 2, missed: 1 }),
      row(7, { visitDate: '2026-12-03', planned: 0 }), // only cancelled visits that day
      row(11, { outcomeCode: 'promise_to_pay', made: 1 }),
      row(11, { outcomeCode: 'not_home', made: 2 }),
      row(11, { outcomeCode: null, made: 0 }), // visits without an outcome
      row(12, { agentId: 'a1', agentName: 'Ann', made: 1, present: 1, promises: 1 }),
      row(12, { agentId: 'a2', agentName: 'Bo', made: 2, present: 1 }),
      row(12, { agentId: 'a3', agentName: 'Cy', made: 0, planned: 2 }), // no visit made
    ]);
    expect(split.scope).toMatchObject({ planned: 4, made: 3 });
    expect(split.trend).toEqual([
      { date: '2026-12-01', planned: 3, made: 2, missed: 1, promises: 0 },
      { date: '2026-12-02', planned: 1, made: 1, missed: 0, promises: 1 },
    ]);
    expect(split.byOutcome).toEqual([
      { code: 'not_home', count: 2 },
      { code: 'promise_to_pay', count: 1 },
    ]);
    expect(split.byAgent).toEqual([
      { agentId: 'a2', name: 'Bo', made: 2, present: 1, promises: 0 },
      { agentId: 'a1', name: 'Ann', made: 1, present: 1, promises: 1 },
    ]);
  });
});
