import { describe, expect, it } from 'vitest';
import { checkAgreedSlot, nextDates, type SlotFacts, slotGrid } from '../../../../shared/rules/slots';

const TZ = 'Asia/Shanghai';
const at = (hhmm: string, date = '2026-12-01') => new Date(`${date}T${hhmm}:00+08:00`);
const POLICY = {
  timeZone: TZ,
  allowedStart: '08:00:00',
  allowedEnd: '22:00:00',
  frequencyCap: 2,
  frequencyWindowDays: 7,
  minNoticeMinutes: 120,
  twoPersonRule: true,
  slotMinutes: 120,
};

function facts(over: Partial<SlotFacts> = {}): SlotFacts {
  return {
    slotStart: at('14:00'),
    slotEnd: at('16:00'),
    agreedAt: at('09:00'),
    noticeLogged: true,
    addressIsBorrowers: true,
    borrowerVisitTimes: [],
    ...over,
  };
}
const codes = (f: SlotFacts) => checkAgreedSlot(f, POLICY).map((v) => v.code);

describe('checkAgreedSlot: the rules of an agreed slot that do not depend on a crew', () => {
  it('passes a slot inside the allowed hours, with notice logged, at the own address and enough notice', () => {
    expect(checkAgreedSlot(facts(), POLICY)).toEqual([]);
  });

  it('names a missing notice and a foreign address', () => {
    expect(codes(facts({ noticeLogged: false, addressIsBorrowers: false }))).toEqual([
      'NO_NOTICE',
      'NOT_BORROWERS_ADDRESS',
    ]);
  });

  it('counts minimum notice in whole minutes up to the slot start, and never reports negative notice', () => {
    expect(codes(facts({ agreedAt: at('12:00') }))).toEqual([]); // exactly 120 minutes
    expect(checkAgreedSlot(facts({ agreedAt: at('12:01') }), POLICY)).toEqual([
      { code: 'MIN_NOTICE', params: { minutes: 120, actual: 119 } },
    ]);
    expect(checkAgreedSlot(facts({ agreedAt: at('15:00') }), POLICY)).toEqual([
      { code: 'MIN_NOTICE', params: { minutes: 120, actual: 0 } },
    ]);
  });

  it('judges the allowed hours in the team zone, edges included, and refuses a slot over midnight', () => {
    expect(codes(facts({ slotStart: at('08:00'), slotEnd: at('10:00'), agreedAt: at('05:00') }))).toEqual([]);
    expect(codes(facts({ slotStart: at('20:00'), slotEnd: at('22:00') }))).toEqual([]);
    expect(checkAgreedSlot(facts({ slotStart: at('21:00'), slotEnd: at('23:00') }), POLICY)).toEqual([
      {
        code: 'OUTSIDE_ALLOWED_HOURS',
        params: { start: '21:00', end: '23:00', allowedStart: '08:00', allowedEnd: '22:00' },
      },
    ]);
    expect(codes(facts({ slotStart: at('07:00'), slotEnd: at('09:00'), agreedAt: at('01:00') }))).toEqual([
      'OUTSIDE_ALLOWED_HOURS',
    ]);
    // 20:00 to 02:00 next day ends "before" 22:00 by clock time but is not on the same day.
    const overnight = { slotStart: at('20:00'), slotEnd: at('02:00', '2026-12-02') };
    expect(codes(facts(overnight))).toEqual(['OUTSIDE_ALLOWED_HOURS']);
  });

  it('allows the cap of visits in the rolling window and refuses one more', () => {
    const twoDaysBefore = at('14:00', '2026-11-29');
    expect(codes(facts({ borrowerVisitTimes: [twoDaysBefore] }))).toEqual([]);
    expect(checkAgreedSlot(facts({ borrowerVisitTimes: [twoDaysBefore, at('10:00')] }), POLICY)).toEqual([
      { code: 'FREQUENCY_CAP', params: { cap: 2, days: 7 } },
    ]);
    // A visit eight days earlier is outside the 7-day window.
    expect(codes(facts({ borrowerVisitTimes: [at('14:00', '2026-11-23'), twoDaysBefore] }))).toEqual([]);
  });
});

describe('slotGrid and nextDates', () => {
  it('lays slots of the policy’s length from the start of the allowed hours, in the team zone', () => {
    const grid = slotGrid('2026-12-01', POLICY);
    expect(grid).toHaveLength(7);
    expect(grid[0]).toEqual({ start: at('08:00'), end: at('10:00') });
    expect(grid[6]).toEqual({ start: at('20:00'), end: at('22:00') });
  });

  it('aligns slots to the start of the allowed hours and leaves out one that would end after the allowed end', () => {
    const grid = slotGrid('2026-12-01', {
      timeZone: TZ,
      allowedStart: '09:30:00',
      allowedEnd: '21:00:00',
      slotMinutes: 120,
    });
    expect(grid.map((s) => s.start)).toEqual([at('09:30'), at('11:30'), at('13:30'), at('15:30'), at('17:30')]);
    expect(grid.at(-1)?.end).toEqual(at('19:30'));
  });

  it('takes the slot length from the policy', () => {
    const grid = slotGrid('2026-12-01', { ...POLICY, allowedEnd: '12:00:00', slotMinutes: 90 });
    expect(grid).toEqual([
      { start: at('08:00'), end: at('09:30') },
      { start: at('09:30'), end: at('11:00') },
    ]);
  });

  it('lists the local dates from today on, across a month end', () => {
    expect(nextDates('2026-11-29', 4)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(nextDates('2026-11-29', 0)).toEqual([]);
  });
});
