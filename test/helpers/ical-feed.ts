/**
 * A calendar feed as an independent iCalendar parser (ical.js, not the generator that wrote it) reads it: its
 * time zones and its events, each start and end as the instant it names.
 */
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  location: string;
  description: string;
  status: string | null;
  /** The TZID the start is written in. */
  startZone: string;
  start: Date;
  end: Date;
}

export function parseFeed(text: string): { zones: string[]; events: ParsedEvent[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  const zones: string[] = [];
  for (const vtz of cal.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz, tz.tzid);
    zones.push(tz.tzid);
  }
  const events = cal.getAllSubcomponents('vevent').map((ve) => {
    const e = new ICAL.Event(ve);
    const startProp = ve.getFirstProperty('dtstart');
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      location: e.location,
      description: e.description,
      status: (ve.getFirstPropertyValue('status') as string | null) ?? null,
      startZone: String(startProp?.getParameter('tzid') ?? ''),
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
    };
  });
  return { zones, events };
}
