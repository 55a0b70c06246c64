/** A lender's long history (reports over a quarter): every past day has visits and outcomes, no case too often. */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../server/db/seed';
import { addDays, daysBetween } from '../../../shared/time';

const TODAY = '2026-05-04';
const HISTORY = 40;
const data = generateDemo({
  seed: 11,
  cases: 1500,
  agents: 40,
  today: TODAY,
  timeZone: 'Asia/Shanghai',
  passwordHash: 'not-a-real-hash',
  lender: { teams: 2, visitsPerDay: 100, historyDays: HISTORY },
});

describe('lender seed with a long history', () => {
  it('gives every past day crews, visits and outcomes', () => {
    const outcomeOf = new Set(data.outcomes.map((o) => o.visitId));
    for (let d = -HISTORY; d < 0; d++) {
      const date = addDays(TODAY, d);
      expect(
        data.crews.some((c) => c.workDate === date),
        date,
      ).toBe(true);
      const visits = data.visits.filter((v) => v.visitDate === date);
      expect(visits.length, date).toBeGreaterThan(80);
      const made = visits.filter((v) => v.status === 'completed');
      expect(made.length, date).toBeGreaterThan(visits.length / 2);
      for (const v of made) expect(outcomeOf.has(v.id as string)).toBe(true);
    }
    expect(data.crews.some((c) => c.workDate === addDays(TODAY, -HISTORY - 1))).toBe(false);
  });

  it('goes round the book again, but visits a case at most once in any seven days', () => {
    const caseOf = new Map(data.appointments.map((a) => [a.id, a.caseId]));
    const dates = new Map<string, string[]>();
    for (const v of data.visits) {
      const c = caseOf.get(v.appointmentId) as string;
      dates.set(c, [...(dates.get(c) ?? []), v.visitDate]);
    }
    expect([...dates.values()].some((d) => d.length > 1)).toBe(true);
    for (const list of dates.values()) {
      const sorted = [...list].sort();
      for (let i = 1; i < sorted.length; i++) {
        expect(daysBetween(sorted[i - 1] as string, sorted[i] as string)).toBeGreaterThanOrEqual(7);
      }
    }
  });
});
