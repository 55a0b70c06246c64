/**
 * The roster's rules about one working day's times (SPEC §8.2), shared by the zod schemas (so a form shows them
 * next to the field before sending) and the server (which runs the same schemas on every call).
 */
import { timeToMinutes } from '../time';

/** How far ahead shifts exist: generated for every date from today to today + ROSTER_HORIZON_DAYS (8 weeks). */
export const ROSTER_HORIZON_DAYS = 56;

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A working day's local times: start, end, and an optional break window with the break's length. */
export interface DayTimes {
  starts: string;
  ends: string;
  breakStarts?: string | null;
  breakEnds?: string | null;
  breakMinutes: number;
}

/** What is wrong with a day's times, each as the field it names, the error code and the message's values. */
export interface TimesProblem {
  field: keyof DayTimes;
  code:
    | 'ROSTER_END_BEFORE_START'
    | 'ROSTER_BREAK_INCOMPLETE'
    | 'ROSTER_BREAK_OUTSIDE_SHIFT'
    | 'ROSTER_BREAK_TOO_LONG'
    | 'ROSTER_BREAK_WITHOUT_WINDOW';
  params: Record<string, string | number>;
}

/**
 * The day's times as the roster accepts them: the end after the start (no overnight shifts), a break window
 * given whole, inside the shift, and at least as long as the break.
 */
export function dayTimesProblems(t: DayTimes): TimesProblem[] {
  const start = timeToMinutes(t.starts);
  const end = timeToMinutes(t.ends);
  if (end <= start) return [{ field: 'ends', code: 'ROSTER_END_BEFORE_START', params: { starts: t.starts } }];
  const hasStart = Boolean(t.breakStarts);
  const hasEnd = Boolean(t.breakEnds);
  if (hasStart !== hasEnd) {
    return [{ field: hasStart ? 'breakEnds' : 'breakStarts', code: 'ROSTER_BREAK_INCOMPLETE', params: {} }];
  }
  if (!hasStart) {
    return t.breakMinutes > 0 ? [{ field: 'breakMinutes', code: 'ROSTER_BREAK_WITHOUT_WINDOW', params: {} }] : [];
  }
  const bs = timeToMinutes(t.breakStarts as string);
  const be = timeToMinutes(t.breakEnds as string);
  if (bs < start || be > end || be <= bs) {
    const field = bs < start || be <= bs ? 'breakStarts' : 'breakEnds';
    return [{ field, code: 'ROSTER_BREAK_OUTSIDE_SHIFT', params: { starts: t.starts, ends: t.ends } }];
  }
  if (t.breakMinutes > be - bs) {
    return [
      { field: 'breakMinutes', code: 'ROSTER_BREAK_TOO_LONG', params: { minutes: t.breakMinutes, window: be - bs } },
    ];
  }
  return [];
}

/** Whether two validity periods (an open end is null) share a date. */
export function periodsOverlap(
  a: { validFrom: string; validTo: string | null },
  b: { validFrom: string; validTo: string | null },
): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}
