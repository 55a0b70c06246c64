import { localDate, localTime } from '@shared/time';
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n';

/** A slot as the server sends it: ISO instants with offset. */
export interface Slot {
  start: string;
  end: string;
}

/** One day of offered slots, `date` being the team's local calendar date (YYYY-MM-DD). */
interface SlotDay {
  date: string;
  slots: Slot[];
}

/** Groups slots by their local date in the team's zone, keeping the server's order. */
export function groupByDay(slots: Slot[], timeZone: string): SlotDay[] {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const date = localDate(new Date(slot.start), timeZone);
    days.set(date, [...(days.get(date) ?? []), slot]);
  }
  return [...days].map(([date, list]) => ({ date, slots: list }));
}

// en-GB writes "1 Dec" (the day first), which reads the same everywhere; zh-CN writes "12月1日".
const INTL_LOCALE: Record<Language, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

/** "Tue 1 Dec" / "12月1日 周二" for a calendar date; the date is already local, so no zone shifts it. */
export function dayHeading(date: string, language: Language, t: TFunction): string {
  const at = new Date(`${date}T00:00:00Z`);
  const locale = INTL_LOCALE[language];
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' }).format(at);
  const dayMonth = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(at);
  return t('slots.dayHeading', { weekday, date: dayMonth });
}

/** The day heading and the local start and end times of a slot, for sentences like "We will visit on …". */
export function slotWhen(slot: Slot, timeZone: string, language: Language, t: TFunction) {
  const start = new Date(slot.start);
  return {
    day: dayHeading(localDate(start, timeZone), language, t),
    from: localTime(start, timeZone),
    to: localTime(new Date(slot.end), timeZone),
  };
}
