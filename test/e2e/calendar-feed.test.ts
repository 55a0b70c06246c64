/**
 * An agent subscribes to their calendar (SPEC §8.5, issue #16): on the phone they create the private address,
 * a calendar app (here: a plain fetch without the session, parsed by ical.js) reads today's visits from it in
 * Asia/Shanghai, and once revoked the address answers 404.
 */
import { DEMO_USERS } from '@shared/demo';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../helpers/ical-feed';
import { type BrowserSession, loginAs, openBrowser, PHONE, SHOTS, trpcGet } from './helpers/browser';
import { dataOf } from './helpers/field-session';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

interface TodayStop {
  id: string;
  slotStart: string;
  plannedArrival: string | null;
}

describe('Agent → calendar address (Chromium, 390×844)', () => {
  for (const [locale, lang, title] of [
    ['en-US', 'en', "My visits in my phone's calendar"],
    ['zh-CN', 'zh-CN', '在手机日历中查看我的上门安排'],
  ] as const) {
    it(`${lang}: creates the address, a calendar reads today's visits in Asia/Shanghai, revoke → 404`, async () => {
      const session = await openBrowser({ locale, viewport: PHONE });
      sessions.push(session);
      const { page } = session;
      page.on('dialog', (d) => void d.accept());
      await loginAs(page, baseUrl, DEMO_USERS.agent);
      await page.waitForURL('**/my-route');
      const section = page.getByTestId('calendar-feed');
      await section.waitFor();
      expect(await section.textContent()).toContain(title);
      await page.getByTestId('calendar-feed-create').click();
      const url = ((await page.getByTestId('calendar-feed-url').textContent()) ?? '').trim();
      expect(url).toMatch(new RegExp(`^${baseUrl}/cal/[A-Za-z0-9_-]{43}\\.ics$`));
      await page.getByTestId('calendar-feed-copy').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/calendar-created-${lang}.png` });

      // The calendar app: no cookie, only the address.
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const feed = parseFeed(await res.text());
      expect(feed.zones).toEqual(['Asia/Shanghai']);
      const today = dataOf<{ timeZone: string; stops: TodayStop[] }>((await trpcGet(page, 'field.today', {})).body);
      expect(today.timeZone).toBe('Asia/Shanghai');
      expect(today.stops.length).toBeGreaterThan(0);
      for (const stop of today.stops) {
        const event = feed.events.find((e) => e.uid === `${stop.id}@doorstep`);
        expect(event?.startZone).toBe('Asia/Shanghai');
        // iCalendar times are whole seconds.
        const start = new Date(stop.plannedArrival ?? stop.slotStart);
        start.setUTCMilliseconds(0);
        expect(event?.start.toISOString()).toBe(start.toISOString());
      }

      // Back on the screen: the address is live and was read by a calendar.
      await page.reload();
      await page.getByTestId('calendar-feed-state').waitFor();
      await page.getByTestId('calendar-feed-revoke').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/calendar-live-${lang}.png` });
      await page.getByTestId('calendar-feed-revoke').click();
      await page.getByTestId('calendar-feed-revoke').waitFor({ state: 'detached' });
      expect((await fetch(url)).status).toBe(404);
    });
  }
});
