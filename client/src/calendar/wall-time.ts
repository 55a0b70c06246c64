import { localDate, localTime, zonedTimeToUtc } from '@shared/time';

/**
 * FullCalendar runs in UTC here and is fed the team's wall-clock times, so every browser shows the team's
 * zone without a time-zone plugin: an instant becomes "YYYY-MM-DDTHH:MM" of the team zone, and back.
 */
export function toWall(iso: string | Date, timeZone: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return `${localDate(d, timeZone)}T${localTime(d, timeZone)}:00Z`;
}

/** A calendar date (UTC-coerced wall time) back to the real instant in the team zone. */
export function fromWall(d: Date, timeZone: string): Date {
  const iso = d.toISOString();
  return zonedTimeToUtc(iso.slice(0, 10), iso.slice(11, 16), timeZone);
}
