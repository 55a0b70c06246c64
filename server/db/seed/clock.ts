/**
 * Zone conversions remembered: a lender's seed asks for the same few thousand local dates and hours hundreds
 * of thousands of times, and each answer from `shared/time` costs Intl formatting passes.
 */
import { localDate, zonedTimeToUtc } from '../../../shared/time';

const MIN = 60_000;
const hours = new Map<string, { at: number; steady: boolean }>();

/** Same result as `zonedTimeToUtc(date, "HH:MM", zone)`, as a fresh Date (rows own and may change their dates). */
export function atLocal(date: string, time: string, timeZone: string): Date {
  const [hh = '00', mm = '00'] = time.split(':');
  const key = `${date} ${hh} ${timeZone}`;
  let hour = hours.get(key);
  if (!hour) {
    const at = zonedTimeToUtc(date, `${hh}:00`, timeZone).getTime();
    // An hour with a clock change inside it is converted minute by minute instead.
    hour = { at, steady: zonedTimeToUtc(date, `${hh}:59`, timeZone).getTime() - at === 59 * MIN };
    hours.set(key, hour);
  }
  return hour.steady ? new Date(hour.at + Number(mm) * MIN) : zonedTimeToUtc(date, time, timeZone);
}

const QUARTER = 15 * MIN;
const dates = new Map<string, string>();

/** Same result as `localDate`: zone offsets are whole quarter hours, so one answer serves each quarter. */
export function localDateOf(at: Date, timeZone: string): string {
  const quarter = Math.floor(at.getTime() / QUARTER);
  const key = `${quarter} ${timeZone}`;
  let date = dates.get(key);
  if (date === undefined) {
    date = localDate(new Date(quarter * QUARTER), timeZone);
    dates.set(key, date);
  }
  return date;
}
