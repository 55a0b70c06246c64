import { describe, expect, it } from 'vitest';
import {
  breakdownByOutcome,
  comparisonByAgent,
  computeKpis,
  isOnTime,
  matchesDrill,
  travelTotals,
  trendByDay,
} from '../../../server/modules/reports/reports.compute';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';

type Fact = Parameters<typeof computeKpis>[0][number];
const at = (hhmm: string, date = '2026-12-01') => new Date(`${date}T${hhmm}:00+08:00`);
const A = { lat: 31.23, lng: 121.47 };
const B = { lat: 31.24, lng: 121.48 };

let n = 0;
function fact(over: Partial<Fact> = {}): Fact {
  n++;
  return {
    visitId: `v${n}`,
    visitDate: '2026-12-01',
    status: 'completed',
    crewId: 'c1',
    agentId: 'a1',
    agentName: 'Ann',
    checkInAt: at('14:10'),
    slotStart: at('14:00'),
    slotEnd: at('16:00'),
    borrowerPresent: true,
    outcomeCode: 'promise_to_pay',
    promisedAmountCents: 10_000,
    hasPlan: false,
    ...A,
    ...over,
  } as Fact;
}
const NO_PROMISES = { kept: 0, paid_late: 0, broken: 0, due: 0 };

describe('KPIs from one row per visit', () => {
  it('counts planned (not cancelled), made, missed and the rates over made visits', () => {
    const rows = [
      fact({ checkInAt: at('10:10'), ...A }),
      fact({
        borrowerPresent: false,
        outcomeCode: 'not_home',
        promisedAmountCents: null,
        checkInAt: at('16:30'),
        ...B,
      }),
      fact({ status: 'missed', checkInAt: null, outcomeCode: null }),
      fact({ status: 'cancelled', checkInAt: null, outcomeCode: null }),
    ];
    const k = computeKpis(rows, { kept: 3, paid_late: 1, broken: 2, due: 9 });
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
    });
    // 10:10 is before the 14:00 slot, 16:30 after it: neither is on time.
    expect(k.onTimeRate).toBe(0);
    const km = (haversineM(A, B) * STRAIGHT_LINE_MODEL.detourFactor) / 1000;
    expect(k.kmPerVisit).toBe(Number((km / 2).toFixed(3)));
  });

  it('gives null, not zero, for a rate with nothing to divide by', () => {
    const k = computeKpis([fact({ status: 'missed', checkInAt: null })], NO_PROMISES);
    expect(k).toMatchObject({ made: 0, contactRate: null, promiseRate: null, keptPromiseRate: null });
    expect(k.kmPerVisit).toBeNull();
    expect(k.onTimeRate).toBeNull();
  });

  it('on time is inside the slot, edges included; not checked in is neither', () => {
    expect(isOnTime(fact({ checkInAt: at('14:00') }))).toBe(true);
    expect(isOnTime(fact({ checkInAt: at('16:00') }))).toBe(true);
    expect(isOnTime(fact({ checkInAt: at('16:01') }))).toBe(false);
    expect(isOnTime(fact({ checkInAt: null }))).toBeNull();
  });

  it('travel joins consecutive check-ins of one crew-day in check-in order only', () => {
    const rows = [
      fact({ checkInAt: at('15:00'), ...B }),
      fact({ checkInAt: at('14:10'), ...A }),
      fact({ checkInAt: at('14:30'), crewId: 'c2', ...B }), // another crew: no leg to c1's stops
      fact({ checkInAt: at('14:40'), visitDate: '2026-12-02', ...B }), // another day
    ];
    const km = (haversineM(A, B) * STRAIGHT_LINE_MODEL.detourFactor) / 1000;
    const t = travelTotals(rows);
    expect(t.km).toBeCloseTo(km, 9);
    // The same minutes as the board's leg (whole minutes, rounded up), not km ÷ speed.
    expect(t.minutes).toBe(Math.ceil((km / STRAIGHT_LINE_MODEL.speedKmh) * 60));
    expect(t.minutes).toBe(travelMinutes(A, B));
  });

  it('drills select the visits behind each number', () => {
    const promise = fact();
    const plan = fact({ outcomeCode: 'repayment_plan_agreed', hasPlan: true });
    const absent = fact({ borrowerPresent: false, outcomeCode: 'not_home', checkInAt: at('17:00') });
    const missed = fact({ status: 'missed', checkInAt: null, outcomeCode: null });
    const rows = [promise, plan, absent, missed];
    const drill = (d: Parameters<typeof matchesDrill>[1]) => rows.filter((v) => matchesDrill(v, d));
    expect(drill('planned')).toHaveLength(4);
    expect(drill('made')).toEqual([promise, plan, absent]);
    expect(drill('missed')).toEqual([missed]);
    expect(drill('present')).toEqual([promise, plan]);
    expect(drill('promise')).toEqual([promise, plan]);
    expect(drill('plan')).toEqual([plan]);
    expect(drill('onTime')).toEqual([promise, plan]);
    expect(drill('late')).toEqual([absent]);
  });

  it('trend per day in date order, outcome breakdown by count, agents by visits made', () => {
    const rows = [
      fact({ visitDate: '2026-12-02' }),
      fact({ outcomeCode: 'not_home', agentId: 'a2', agentName: 'Bo' }),
      fact({ outcomeCode: 'not_home', agentId: 'a2', agentName: 'Bo', borrowerPresent: false }),
      fact({ status: 'missed', outcomeCode: null }),
      fact({ status: 'cancelled' }),
    ];
    expect(trendByDay(rows)).toEqual([
      { date: '2026-12-01', planned: 3, made: 2, missed: 1, promises: 0 },
      { date: '2026-12-02', planned: 1, made: 1, missed: 0, promises: 1 },
    ]);
    expect(breakdownByOutcome(rows)).toEqual([
      { code: 'not_home', count: 2 },
      { code: 'promise_to_pay', count: 1 },
    ]);
    expect(comparisonByAgent(rows)).toEqual([
      { agentId: 'a2', name: 'Bo', made: 2, present: 1, promises: 0 },
      { agentId: 'a1', name: 'Ann', made: 1, present: 1, promises: 1 },
    ]);
  });
});
