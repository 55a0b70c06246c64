import { describe, expect, it } from 'vitest';
import { travelMinutes } from '../../../../shared/geo';
import { describeViolation, VIOLATION_MESSAGES } from '../../../../shared/messages/violations';
import {
  busiestWindow,
  checkPlacement,
  type PlacementInput,
  visitPreconditions,
} from '../../../../shared/rules/placement';

const TZ = 'Asia/Shanghai';
// 2026-12-01 local = UTC+8, so 14:00 local is 06:00Z.
const at = (hhmm: string, date = '2026-12-01') => new Date(`${date}T${hhmm}:00+08:00`);
const PLACE = { lat: 31.2304, lng: 121.4737 };
const NEAR = { lat: 31.2404, lng: 121.4837 }; // ~1.4 km away → 5 min at the default model

function member(name: string, over: Partial<PlacementInput['crew']['members'][number]> = {}) {
  return {
    agentId: name,
    fullName: name,
    skills: ['negotiation'],
    credentialValidFrom: '2026-01-01',
    credentialValidTo: '2027-12-31',
    shiftStart: at('08:30'),
    shiftEnd: at('18:30'),
    maxVisitsPerDay: 8,
    active: true,
    ...over,
  };
}

function base(over: Partial<PlacementInput> = {}): PlacementInput {
  return {
    visit: {
      id: 'v1',
      borrowerId: 'b1',
      visitDate: '2026-12-01',
      slotStart: at('14:00'),
      slotEnd: at('16:00'),
      agreedAt: at('10:00', '2026-11-28'),
      borrowerConfirmed: true,
      noticeLogged: true,
      addressIsBorrowers: true,
      serviceMinutes: 45,
      requiredSkills: [],
      place: PLACE,
    },
    arrival: at('14:30'),
    crew: { id: 'c1', workDate: '2026-12-01', members: [member('张伟'), member('李娜')] },
    crewStops: [],
    borrowerVisitTimes: [],
    policy: {
      timeZone: TZ,
      allowedStart: '08:00',
      allowedEnd: '22:00',
      frequencyCap: 2,
      frequencyWindowDays: 7,
      minNoticeMinutes: 120,
      twoPersonRule: true,
    },
    travelMinutes: (a, b) => travelMinutes(a, b),
    now: at('09:00'),
    ...over,
  };
}

const codes = (input: PlacementInput) => checkPlacement(input).map((v) => v.code);

describe('placement rules (SPEC §4)', () => {
  it('accepts a placement that keeps every rule', () => {
    expect(checkPlacement(base())).toEqual([]);
  });

  it('refuses an arrival outside the agreed slot, with local times', () => {
    const [v] = checkPlacement(base({ arrival: at('16:30') }));
    if (!v) throw new Error('expected a violation');
    expect(v.code).toBe('OUTSIDE_SLOT');
    expect(describeViolation(v, 'en')).toBe('Arrival 16:30 is outside the agreed slot 14:00–16:00.');
    expect(describeViolation(v, 'zh-CN')).toContain('14:00–16:00');
  });

  it('refuses an arrival before now, naming both times; the minute of now itself is still open', () => {
    const [v, ...rest] = checkPlacement(base({ now: at('14:31') }));
    expect(rest).toEqual([]);
    expect(v?.code).toBe('ARRIVAL_IN_PAST');
    if (!v) throw new Error('expected a violation');
    expect(describeViolation(v, 'en')).toBe(
      'Arrival 14:30 is before now (14:31): a visit cannot be planned in the past.',
    );
    expect(describeViolation(v, 'zh-CN')).toBe('到达时间 14:30 早于现在（14:31），不能把上门安排在过去。');
    expect(codes(base({ now: at('14:30') }))).toEqual([]);
  });

  it('refuses a visit running past the allowed hours', () => {
    const input = base({ arrival: at('21:30') });
    input.visit.slotStart = at('20:00');
    input.visit.slotEnd = at('22:00');
    input.crew.members = [member('A', { shiftEnd: at('23:00') }), member('B', { shiftEnd: at('23:00') })];
    expect(codes(input)).toEqual(['OUTSIDE_ALLOWED_HOURS']);
  });

  it('refuses a visit outside either member’s shift', () => {
    const input = base();
    input.crew.members = [member('A'), member('B', { shiftEnd: at('14:45') })];
    const v = checkPlacement(input);
    expect(v.map((x) => x.code)).toEqual(['OUTSIDE_SHIFT']);
    expect(v[0]?.params.agent).toBe('B');
  });

  it('refuses an overlap with another of the crew’s visits', () => {
    expect(codes(base({ crewStops: [{ id: 'o', arrival: at('14:00'), serviceMinutes: 45, place: PLACE }] }))).toEqual([
      'OVERLAP',
    ]);
  });

  it('refuses too little travel time from the previous visit and to the next', () => {
    const far = { lat: 31.35, lng: 121.6 }; // ~18 km → well over 30 min
    expect(codes(base({ crewStops: [{ id: 'p', arrival: at('13:30'), serviceMinutes: 45, place: far }] }))).toEqual([
      'TRAVEL_TIME',
    ]);
    expect(codes(base({ crewStops: [{ id: 'n', arrival: at('15:20'), serviceMinutes: 45, place: far }] }))).toEqual([
      'TRAVEL_TIME',
    ]);
    expect(codes(base({ crewStops: [{ id: 'p', arrival: at('13:30'), serviceMinutes: 45, place: NEAR }] }))).toEqual(
      [],
    );
  });

  it('refuses a crew without the required skill', () => {
    const input = base();
    input.visit.requiredSkills = ['verification'];
    expect(codes(input)).toEqual(['MISSING_SKILL']);
    input.crew.members = [member('A'), member('B', { skills: ['verification'] })];
    expect(codes(input)).toEqual([]);
  });

  it('refuses a crew member whose credential is expired or not yet valid', () => {
    const input = base();
    input.crew.members = [
      member('A', { credentialValidTo: '2026-11-30' }),
      member('B', { credentialValidFrom: '2026-12-02' }),
    ];
    const v = checkPlacement(input);
    expect(v.map((x) => [x.code, x.params.status])).toEqual([
      ['CREDENTIAL_INVALID', 'expired'],
      ['CREDENTIAL_INVALID', 'not_yet_valid'],
    ]);
  });

  it('refuses a crew with a deactivated member: they keep their crews of the past but take no new visits', () => {
    const input = base();
    input.crew.members = [member('A'), member('B', { active: false })];
    expect(checkPlacement(input).map((x) => [x.code, x.params.agent])).toEqual([['AGENT_INACTIVE', 'B']]);
  });

  it('refuses a borrower visited more than the cap in a rolling window, but not across two windows', () => {
    expect(codes(base({ borrowerVisitTimes: [at('10:00', '2026-11-27'), at('10:00', '2026-11-29')] }))).toEqual([
      'FREQUENCY_CAP',
    ]);
    // One 6 days before and one 6 days after: no 7-day window holds all three.
    expect(codes(base({ borrowerVisitTimes: [at('15:00', '2026-11-25'), at('14:00', '2026-12-07')] }))).toEqual([]);
    expect(busiestWindow([at('15:00', '2026-11-25'), at('14:00', '2026-12-07')], at('14:30').getTime(), 7)).toBe(2);
  });

  it('refuses a one-person crew when the two-person rule is on', () => {
    const input = base();
    input.crew.members = [member('A')];
    expect(codes(input)).toEqual(['TWO_PERSON_RULE']);
    input.policy.twoPersonRule = false;
    expect(codes(input)).toEqual([]);
  });

  it('refuses too little notice, an unconfirmed slot, no notice logged, and a foreign address', () => {
    const input = base();
    input.visit.agreedAt = at('13:30');
    input.visit.borrowerConfirmed = false;
    input.visit.noticeLogged = false;
    input.visit.addressIsBorrowers = false;
    expect(codes(input).sort()).toEqual(['MIN_NOTICE', 'NOT_BORROWERS_ADDRESS', 'NOT_CONFIRMED', 'NO_NOTICE']);
  });

  it('refuses a crew of another day and a crew at its maximum', () => {
    const input = base();
    input.crew.workDate = '2026-12-02';
    expect(codes(input)).toEqual(['WRONG_DAY']);
    const full = base();
    full.crew.members = [member('A', { maxVisitsPerDay: 1 }), member('B')];
    full.crewStops = [{ id: 'o', arrival: at('09:00'), serviceMinutes: 45, place: PLACE }];
    expect(codes(full)).toEqual(['MAX_VISITS']);
  });

  it('has a message in both languages with the same placeholders for every rule', () => {
    for (const [code, m] of Object.entries(VIOLATION_MESSAGES)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(names(m.en), code).toEqual(names(m['zh-CN']));
    }
  });

  it("names the visit's own preconditions in the order the planner reports the first of them", () => {
    const all = { borrowerConfirmed: false, noticeLogged: false, addressIsBorrowers: false };
    expect(visitPreconditions(all).map((v) => v.code)).toEqual(['NOT_CONFIRMED', 'NO_NOTICE', 'NOT_BORROWERS_ADDRESS']);
    expect(visitPreconditions({ ...all, borrowerConfirmed: true }).map((v) => v.code)).toEqual([
      'NO_NOTICE',
      'NOT_BORROWERS_ADDRESS',
    ]);
    expect(visitPreconditions({ borrowerConfirmed: true, noticeLogged: true, addressIsBorrowers: true })).toEqual([]);
  });
});
