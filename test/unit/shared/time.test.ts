import { describe, expect, it } from 'vitest';
import { addDays, localDate, localMinutes, localTime, zonedTimeToUtc, zoneOffsetMinutes } from '../../../shared/time';

describe('zone helpers', () => {
  it('maps a Shanghai wall-clock time to UTC and back', () => {
    const at = zonedTimeToUtc('2026-11-30', '08:00', 'Asia/Shanghai');
    expect(at.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localTime(at, 'Asia/Shanghai')).toBe('08:00');
    expect(localMinutes(at, 'Asia/Shanghai')).toBe(480);
  });

  it('gives the local date of an instant that is still "yesterday" in UTC', () => {
    expect(localDate(new Date('2026-11-29T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('handles a DST zone on both sides of the change', () => {
    expect(zonedTimeToUtc('2026-03-07', '09:00', 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-09', '09:00', 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(zoneOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-240);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
