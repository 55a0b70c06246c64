import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateProblem,
  daysBetween,
  localDate,
  localMinutes,
  localTime,
  minutesToTime,
  timeToMinutes,
  zonedTimeToUtc,
  zoneOffsetMinutes,
} from '../../../shared/time';

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

  it('tells a real calendar date from one Date.parse would accept', () => {
    expect(calendarDateProblem('2026-02-28')).toBeNull();
    expect(calendarDateProblem('2028-02-29')).toBeNull();
    expect(calendarDateProblem('2000-02-29')).toBeNull();
    expect(calendarDateProblem('2026-02-29')).toBe('not_real');
    expect(calendarDateProblem('2026-02-30')).toBe('not_real');
    expect(calendarDateProblem('2026-04-31')).toBe('not_real');
    expect(calendarDateProblem('2026-13-01')).toBe('not_real');
    expect(calendarDateProblem('2026-00-10')).toBe('not_real');
    expect(calendarDateProblem('2026-01-00')).toBe('not_real');
    expect(calendarDateProblem('0000-01-01')).toBe('out_of_range');
    expect(calendarDateProblem('2100-01-01')).toBe('out_of_range');
    expect(calendarDateProblem('2026-1-01')).toBe('format');
    expect(calendarDateProblem('2026-01-01T00:00')).toBe('format');
    expect(calendarDateProblem('')).toBe('format');
  });

  it('counts the days between two dates, leap day included', () => {
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-09', '2026-03-07')).toBe(-2);
  });

  it('writes minutes as HH:MM, the inverse of timeToMinutes', () => {
    expect(minutesToTime(45)).toBe('00:45');
    expect(minutesToTime(60)).toBe('01:00');
    expect(minutesToTime(21 * 60 + 5)).toBe('21:05');
    for (const t of ['00:00', '08:30', '23:59']) expect(minutesToTime(timeToMinutes(t))).toBe(t);
  });
});
