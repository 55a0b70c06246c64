import { afterEach, describe, expect, it } from 'vitest';
import { buildFeed } from '../../../server/modules/calendar/calendar.ics';
import type { FeedVisitRow } from '../../../server/modules/calendar/calendar.repo';
import { parseFeed } from '../../helpers/ical-feed';

const visit = (over: Partial<FeedVisitRow> = {}): FeedVisitRow => ({
  id: '11111111-1111-4111-8111-111111111111',
  status: 'assigned',
  visitType: 'negotiation',
  version: 3,
  updatedAt: new Date('2026-03-08T01:00:00Z'),
  plannedArrival: new Date('2026-03-08T06:49:30Z'),
  serviceMinutes: 45,
  slotStart: new Date('2026-03-08T06:00:00Z'),
  slotEnd: new Date('2026-03-08T08:00:00Z'),
  crewId: 'crew-1',
  crewName: 'Crew 1',
  borrowerName: '王小明',
  addressText: 'Nanjing East Road 1869, Room 1104',
  district: 'Huangpu',
  ...over,
});

const feed = (visits: FeedVisitRow[]) =>
  buildFeed({
    agentName: 'Li Si',
    timeZone: 'Asia/Shanghai',
    locale: 'en',
    visits,
    badges: new Map([['crew-1', ['SH-001', 'SH-002']]]),
  });

describe('calendar feed text (ical-generator, read back by ical.js)', () => {
  const serverZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = serverZone;
  });

  it("writes the team's wall clock whatever the server process's zone (here New York on its DST change day)", () => {
    process.env.TZ = 'America/New_York';
    const text = feed([visit()]);
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20260308T144930');
    expect(text).toContain('DTEND;TZID=Asia/Shanghai:20260308T153430');
    // DTSTAMP and LAST-MODIFIED in UTC, as RFC 5545 requires.
    expect(text).toContain('DTSTAMP:20260308T010000Z');
    expect(text).toContain('LAST-MODIFIED:20260308T010000Z');
    const [event] = parseFeed(text).events;
    expect(event?.start.toISOString()).toBe('2026-03-08T06:49:30.000Z');
    expect(event?.end.toISOString()).toBe('2026-03-08T07:34:30.000Z');
  });

  it('uses the agreed slot until the visit is planned; same rows, same text', () => {
    const rows = [visit({ plannedArrival: null })];
    const [event] = parseFeed(feed(rows)).events;
    expect(event?.start.toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(event?.end.toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(event?.summary).toBe('Negotiation · Huangpu');
    expect(event?.description).toBe(
      'Agreed slot: 2026-03-08 14:00–16:00\nCrew: Crew 1 (badges SH-001, SH-002)\nBorrower: 小明',
    );
    expect(feed(rows)).toBe(feed(rows));
  });
});
