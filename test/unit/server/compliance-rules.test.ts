import { describe, expect, it } from 'vitest';
import { datesByBorrower, exceptionsOf, visitsInWindow } from '../../../server/modules/compliance/compliance-rules';

type Fact = Parameters<typeof exceptionsOf>[0];
const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+08:00`);

// A clean completed visit: checked in early in the slot, close by, ID shown, recorded, two people.
function fact(over: Partial<Fact> = {}): Fact {
  return {
    visitId: 'v1',
    teamId: 't1',
    visitDate: '2026-12-01',
    status: 'completed',
    secondAgentId: 'a2',
    checkInAt: at('14:10'),
    checkInDistanceM: 40,
    slotStart: at('14:00'),
    slotEnd: at('16:00'),
    caseBorrowerId: 'b1',
    addressBorrowerId: 'b1',
    timeZone: 'Asia/Shanghai',
    allowedStart: '08:00:00',
    allowedEnd: '22:00:00',
    frequencyCap: 2,
    frequencyWindowDays: 7,
    twoPersonRule: true,
    thresholdM: 200,
    idShown: true,
    recordings: 1,
    lateEdits: null,
    ...over,
  } as Fact;
}
const found = (f: Fact, windowCount = 1) => exceptionsOf(f, windowCount).map((e) => `${e.rule}:${e.severity}`);

describe('compliance exceptions of one visit', () => {
  it('finds none on a clean visit, and none on a cancelled one whatever it shows', () => {
    expect(exceptionsOf(fact(), 1)).toEqual([]);
    expect(exceptionsOf(fact({ status: 'cancelled', idShown: false, recordings: 0 }), 5)).toEqual([]);
  });

  it('check-in outside the slot is a breach; in its last 15 minutes a near-breach', () => {
    expect(found(fact({ checkInAt: at('13:59') }))).toEqual(['outside_slot:breach']);
    expect(found(fact({ checkInAt: at('16:01') }))).toEqual(['outside_slot:breach']);
    expect(found(fact({ checkInAt: at('15:46') }))).toEqual(['outside_slot:near']);
    expect(found(fact({ checkInAt: at('15:45') }))).toEqual([]);
  });

  it('check-in outside the allowed hours, judged in the team zone, carries the local time', () => {
    const late = { checkInAt: at('22:30'), slotStart: at('22:00'), slotEnd: at('23:00') };
    const [e] = exceptionsOf(fact(late), 1).filter((x) => x.rule === 'outside_hours');
    expect(e).toMatchObject({ severity: 'breach', evidence: { localTime: '22:30', allowedEnd: '22:00' } });
  });

  it('distance beyond half the threshold is near, beyond the threshold a breach', () => {
    expect(found(fact({ checkInDistanceM: 100 }))).toEqual([]);
    expect(found(fact({ checkInDistanceM: 101 }))).toEqual(['far_check_in:near']);
    expect(exceptionsOf(fact({ checkInDistanceM: 250.4 }), 1)).toMatchObject([
      { rule: 'far_check_in', severity: 'breach', evidence: { distanceM: 250, thresholdM: 200 } },
    ]);
  });

  it('no ID shown, no recording, one person where two are required, a foreign address, late edits', () => {
    expect(found(fact({ idShown: false }))).toEqual(['no_id_shown:breach']);
    expect(found(fact({ idShown: null }))).toEqual([]); // no outcome yet: nothing to judge
    expect(found(fact({ recordings: 0 }))).toEqual(['no_recording:breach']);
    expect(found(fact({ secondAgentId: null }))).toEqual(['one_person:breach']);
    expect(found(fact({ secondAgentId: null, twoPersonRule: false }))).toEqual([]);
    expect(found(fact({ addressBorrowerId: 'b2' }))).toEqual(['not_borrowers_address:breach']);
    expect(exceptionsOf(fact({ lateEdits: ['2@x', '3@y'] }), 1)).toMatchObject([
      { rule: 'edited_after_day', evidence: { versions: '2@x, 3@y' } },
    ]);
  });

  it('the frequency cap: at the cap a near-breach, over it a breach', () => {
    expect(found(fact(), 1)).toEqual([]);
    expect(found(fact(), 2)).toEqual(['frequency_cap:near']);
    expect(found(fact(), 3)).toEqual(['frequency_cap:breach']);
  });
});

describe('visitsInWindow', () => {
  it("counts the borrower's visits in the window ending on the date, both ends included", () => {
    const dates = datesByBorrower([
      { borrowerId: 'b1', visitDate: '2026-11-24' }, // 8 days before: outside a 7-day window
      { borrowerId: 'b1', visitDate: '2026-11-25' },
      { borrowerId: 'b1', visitDate: '2026-12-01' },
      { borrowerId: 'b1', visitDate: '2026-12-02' }, // after the date
      { borrowerId: 'b2', visitDate: '2026-12-01' },
    ]);
    expect(visitsInWindow(dates, 'b1', '2026-12-01', 7)).toBe(2);
    expect(visitsInWindow(dates, 'b1', '2026-12-01', 8)).toBe(3);
    expect(visitsInWindow(dates, 'b3', '2026-12-01', 7)).toBe(0);
  });
});
