/**
 * An agent's visits as an iCalendar feed (RFC 5545), written by ical-generator. Pure: rows, zone and words in,
 * text out; the same rows give the same text (the ETag depends on it), so nothing here reads a clock.
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus, type ICalLuxonDateTimeStub } from 'ical-generator';
import { codeLabel } from '../../../shared/domain/labels';
import type { Locale } from '../../../shared/errors';
import { CALENDAR_FEED_WORDS } from '../../../shared/messages/calendar-feed';
import { translate } from '../../../shared/messages/catalogue';
import { givenName } from '../../../shared/pii';
import { localDate, localStampCompact, localTime } from '../../../shared/time';
import type { FeedVisitRow } from './calendar.repo';

/**
 * An instant as ical-generator's Luxon stub, fixed to the team's zone: the library then writes the zone's wall
 * clock after TZID=. A native Date would be written in the server process's own zone instead.
 */
function inZone(at: Date, timeZone: string): ICalLuxonDateTimeStub {
  const stamp = localStampCompact(at, timeZone);
  const stub: ICalLuxonDateTimeStub = {
    isValid: true,
    setZone: () => stub,
    // formatDate asks for the date ('yyyyLLdd') and the time ('HHmmss') parts of the stamp.
    toFormat: (fmt) => (fmt === 'yyyyLLdd' ? stamp.slice(0, 8) : stamp.slice(9)),
    toJSDate: () => at,
    toJSON: () => at.toISOString(),
    zone: { type: 'iana' },
  };
  return stub;
}

/**
 * When the visit sits in the agent's day: from the planned arrival for its service time once it is planned
 * (so the calendar follows the dispatcher's moves), else the whole agreed slot.
 */
export function visitTimes(v: Pick<FeedVisitRow, 'plannedArrival' | 'serviceMinutes' | 'slotStart' | 'slotEnd'>) {
  if (!v.plannedArrival) return { start: v.slotStart, end: v.slotEnd };
  return { start: v.plannedArrival, end: new Date(v.plannedArrival.getTime() + v.serviceMinutes * 60_000) };
}

export interface FeedInput {
  agentName: string;
  timeZone: string;
  locale: Locale;
  visits: FeedVisitRow[];
  /** Badge numbers of each crew's members, lead first. */
  badges: Map<string, string[]>;
}

/**
 * The feed's text. Cancelling a visit takes it off its crew, so it leaves the feed and a subscribed calendar drops
 * it on its next read; a cancelled visit still on a crew would be marked STATUS:CANCELLED.
 */
export function buildFeed(input: FeedInput): string {
  const { timeZone, locale } = input;
  const w = (code: keyof typeof CALENDAR_FEED_WORDS, params: Record<string, unknown> = {}) =>
    translate(CALENDAR_FEED_WORDS, code, locale, params);
  const cal = ical({
    prodId: { company: 'doorstep', product: 'agent-calendar', language: locale === 'zh-CN' ? 'ZH' : 'EN' },
    name: w('CALENDAR_NAME', { agent: input.agentName }),
    // Subscribed calendars are told to poll about as often as the answer may be cached.
    ttl: 15 * 60,
  });
  // The generator writes a VTIMEZONE for every zone the events use. The calendar's own zone name is left empty:
  // with one set, ical-generator writes DTSTAMP and LAST-MODIFIED in local time, where RFC 5545 wants UTC.
  cal.timezone({ name: '', generator: getVtimezoneComponent });
  cal.x([{ key: 'X-WR-TIMEZONE', value: timeZone }]);
  for (const v of input.visits) {
    const { start, end } = visitTimes(v);
    const badges = input.badges.get(v.crewId) ?? [];
    const description = [
      w('SLOT', {
        date: localDate(v.slotStart, timeZone),
        start: localTime(v.slotStart, timeZone),
        end: localTime(v.slotEnd, timeZone),
      }),
      w('CREW', { crew: v.crewName, badges: badges.join(', ') }),
      w('BORROWER', { name: givenName(v.borrowerName) }),
    ].join('\n');
    cal.createEvent({
      id: `${v.id}@doorstep`,
      // A visit's version rises with every change to it, so a moved visit replaces the copy a calendar holds.
      sequence: v.version,
      // Without a METHOD, DTSTAMP is when the event was last revised (RFC 5545 §3.8.7.2), not when it was served.
      stamp: v.updatedAt,
      lastModified: v.updatedAt,
      start: inZone(start, timeZone),
      end: inZone(end, timeZone),
      timezone: timeZone,
      summary: `${codeLabel(locale, 'visitType', v.visitType)} · ${v.district}`,
      location: v.addressText,
      description,
      status: v.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
