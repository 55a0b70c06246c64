/**
 * A lender's first day (issue #14, "Done when" line 2), only through the UI as a new admin would: an empty
 * organisation, a China-preset team with its complaint channel, a base placed on the map, four agents with
 * credentials, a weekly roster, two crews generated for a day of next week, a case entered by hand, its notice,
 * a slot agreed by phone on that day, and the visit placed on one of the crews from the dispatch board. Only the
 * final check reads the server (tRPC, as the page's session).
 */
import { addDays, localDate } from '@shared/time';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Day } from './helpers/board';
import { DESKTOP, loginAs, openBrowser, playBackTiles, SHOTS, trpcGet } from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';
import { closeToasts } from './helpers/toasts';

const PASSWORD = 'boss-password-2026';
const ZONE = 'Asia/Shanghai';
const TODAY = localDate(new Date(), ZONE);
/** Monday of next week, and its Tuesday: the day planned here. */
const NEXT_MONDAY = addDays(TODAY, 8 - (new Date(`${TODAY}T00:00:00Z`).getUTCDay() || 7));
const DAY = addDays(NEXT_MONDAY, 1);
const AGENTS = [
  { name: '周明', badge: 'HZ-0001', phone: '13800000001' },
  { name: '吴芳', badge: 'HZ-0002', phone: '13800000002' },
  { name: '郑磊', badge: 'HZ-0003', phone: '13800000003' },
  { name: '孙丽', badge: 'HZ-0004', phone: '13800000004' },
];

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { DEMO_DATA: 'off', ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: PASSWORD } });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function signIn(locale: string) {
  const session = await openBrowser({ locale, viewport: DESKTOP });
  await playBackTiles(session.context);
  await loginAs(session.page, server.baseUrl, 'boss', PASSWORD);
  await session.page.waitForURL('**/admin*');
  await session.page.getByTestId('page-title').waitFor();
  return session;
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await trpcGet(page, path, input);
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body).result.data as T;
}

let teamId = '';

describe('first day: from an empty organisation to a planned visit, only through the UI', () => {
  it('team, complaint channel, base, four agents, roster, two crews, a case, its notice and slot, a placed visit', async () => {
    const session = await signIn('en-US');
    const { page } = session;
    try {
      // The team with the China preset (allowed hours 08–22 filled in by it).
      await page.getByTestId('tab-teams').click();
      await page.getByTestId('team-new').click();
      await page.getByTestId('team-form').waitFor();
      expect(await page.getByTestId('policy-allowed-start').inputValue()).toBe('08:00');
      await page.getByTestId('team-name').fill('杭州外访一组');
      await page.getByTestId('team-code').fill('hz01');
      await page.getByTestId('team-city').fill('杭州');
      await page.getByTestId('team-time-zone').fill(ZONE);
      await page.getByTestId('team-submit').click();
      await page.getByTestId('team-form').waitFor({ state: 'detached' });
      const row = page.getByTestId('teams-row').filter({ hasText: 'HZ01' });
      await row.waitFor();

      // Its complaint channel: printed on slot links and badges.
      await row.getByTestId('team-complaint-edit').click();
      await page.getByTestId('complaint-channel-form').waitFor();
      await page.getByTestId('complaint-phone-input').fill('400-820-8820');
      await page.getByTestId('complaint-url-input').fill('https://example.com/complaints');
      await page.getByTestId('complaint-channel-save').click();
      await page.getByTestId('complaint-channel-form').waitFor({ state: 'detached' });
      await expect.poll(() => row.getByTestId('team-complaint').textContent()).toContain('400-820-8820');
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-team.png` });
      const teams = await query<Array<{ id: string; code: string }>>(page, 'teams.list', undefined);
      teamId = teams[0]?.id ?? '';

      // A base, placed by a click on the map.
      await page.getByTestId('tab-bases').click();
      await page.getByTestId('base-form').waitFor();
      await page.getByTestId('base-name').fill('西湖驻点');
      await page.getByTestId('base-address').fill('杭州市西湖区文三路 100 号');
      await page.locator('.leaflet-container').click({ position: { x: 200, y: 150 } });
      await expect.poll(async () => Number(await page.getByTestId('base-lat').inputValue())).toBeGreaterThan(0);
      await page.getByTestId('base-submit').click();
      await expect.poll(() => page.getByTestId('bases').textContent()).toContain('西湖驻点');
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-base.png` });

      // Four agents with credentials valid for a year, at the base.
      await page.getByTestId('tab-agents').click();
      for (const a of AGENTS) {
        await page.getByTestId('new-agent').click();
        await page.getByTestId('agent-form').waitFor();
        await page.getByTestId('agent-fullName').fill(a.name);
        await page.getByTestId('agent-phone').fill(a.phone);
        await page.getByTestId('agent-badgeNo').fill(a.badge);
        await page.getByTestId('agent-credentialNo').fill(`ZJJR${a.badge.slice(3)}`);
        await page.getByTestId('agent-validFrom').fill(addDays(TODAY, -30));
        await page.getByTestId('agent-validTo').fill(addDays(TODAY, 365));
        await page.getByTestId('agent-base').click();
        await page.getByRole('option', { name: '西湖驻点' }).click();
        await page.getByTestId('agent-submit').click();
        await page.getByTestId('agent-form').waitFor({ state: 'detached' });
      }
      await expect.poll(() => page.getByTestId('agents-row').count()).toBe(4);
      // The first-run checklist above the tabs counts them at once, without a reload.
      await expect.poll(() => page.getByTestId('setup-step-agents').getAttribute('data-done')).toBe('true');
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-agents.png` });

      // The roster: each agent Mon–Fri 09:00–18:00 (the pattern form's defaults) from today on.
      await page.goto(`${server.baseUrl}/roster?team=${teamId}&week=${NEXT_MONDAY}`);
      await page.getByTestId('roster-calendar').waitFor();
      for (const a of AGENTS) {
        await page.getByTestId('roster-add-pattern').click();
        await page.getByTestId('pattern-form').waitFor();
        // The form starts on the first agent; choosing the chosen one again would clear it.
        if ((await page.getByTestId('pattern-agent').inputValue()) !== `${a.name} · ${a.badge}`) {
          await page.getByTestId('pattern-agent').click();
          await page.getByRole('option', { name: `${a.name} · ${a.badge}` }).click();
        }
        await page.getByTestId('pattern-save').click();
        await page.getByTestId('pattern-form').waitFor({ state: 'detached' });
      }
      await expect.poll(() => page.getByTestId('roster-shift').count()).toBe(20);
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-roster.png` });

      // Two crews for next Tuesday, generated from the roster. The page's first read of the day is answered
      // before the generation starts and reaches the page only after it has ended (as it happened at load): the
      // page still shows the crews it made.
      const reads = (url: URL, path: string) => url.pathname.startsWith('/trpc/') && url.pathname.includes(path);
      let dayRead = () => {};
      const dayReadDone = new Promise<void>((r) => {
        dayRead = r;
      });
      let generated = () => {};
      const generateDone = new Promise<void>((r) => {
        generated = r;
      });
      let firstRead = true;
      // Both routes stay until the end of this step (a page left with no route lets its held requests through).
      await page.route(
        (url) => reads(url, 'crews.day'),
        async (route) => {
          if (!firstRead) return route.continue();
          firstRead = false;
          // Read by the test with the page's session: Playwright's own fetch of a routed request (route.fetch,
          // page.request) hands the page its answer at once.
          const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
          const read = await fetch(route.request().url(), { headers: { cookie } });
          const answer = { status: read.status, contentType: 'application/json', body: await read.text() };
          dayRead();
          await generateDone;
          await route.fulfill(answer);
        },
      );
      await page.route(
        (url) => reads(url, 'crews.generate'),
        async (route) => {
          await dayReadDone;
          await route.continue();
        },
      );
      const generateAnswer = page.waitForResponse((r) => reads(new URL(r.url()), 'crews.generate'));
      await page.goto(`${server.baseUrl}/crews?team=${teamId}&date=${DAY}`);
      await page.getByTestId('crews-generate').click();
      await generateAnswer;
      generated();
      await page.getByTestId('crews-report').waitFor();
      await expect.poll(() => page.getByTestId('crew-card').count()).toBe(2);
      await page.unrouteAll({ behavior: 'wait' });
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-crews.png` });

      // A case entered by hand; its file opens.
      await page.goto(`${server.baseUrl}/cases?team=${teamId}`);
      await page.getByTestId('new-case').click();
      await page.getByTestId('new-case-form').waitFor();
      const fill = (field: string, value: string) => page.getByTestId(`new-case-${field}`).fill(value);
      await fill('loanRef', 'hz-xfd-2026-0001');
      await fill('product', '消费贷');
      await fill('overdueYuan', '12345.67');
      await fill('daysPastDue', '45');
      await fill('borrowerName', '李建国');
      await fill('idNumber', '11010519491231002x');
      await fill('phone', '13912345678');
      await fill('city', '杭州市');
      await fill('district', '西湖区');
      await fill('address', '文三路 200 号 3 幢 501 室');
      await page
        .getByTestId('new-case-form')
        .locator('.leaflet-container')
        .click({ position: { x: 300, y: 120 } });
      await expect.poll(async () => Number(await page.getByTestId('new-case-lat').inputValue())).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}/first-day-new-case.png` });
      await page.getByTestId('new-case-submit').click();
      await page.getByTestId('case-file').waitFor();
      expect(await page.getByTestId('case-file').textContent()).toContain('HZ-XFD-2026-0001');

      // The notice, then a slot agreed by phone on next Tuesday.
      await page.getByTestId('log-notice').click();
      await page.getByTestId('notice-result').fill('Called: the borrower will be home next Tuesday');
      await page.getByTestId('notice-submit').click();
      await page.getByTestId('notice').first().waitFor();
      await page.getByTestId('agree-slot').click();
      await page.getByTestId('slot-date').fill(DAY);
      await page.getByTestId('slot-select').click();
      // The crews work 09:00–18:00: a slot inside their shifts (08:00–10:00 is offered too, see the report).
      await page.getByRole('option', { name: /^10:00–12:00 · / }).click();
      await page.getByTestId('slot-submit').click();
      await page.getByTestId('appointment-row').first().waitFor();
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-case.png` });

      // On the board the visit waits in the tray; the assign action puts it on a crew.
      await page.goto(`${server.baseUrl}/dispatch?team=${teamId}&date=${DAY}`);
      const card = page.getByTestId('tray-visit').first();
      await card.waitFor();
      await card.dblclick();
      await page.getByTestId('assign-dialog').waitFor();
      await page.getByTestId('assign-ok').waitFor();
      await page.getByTestId('assign-save').click();
      await page.getByTestId('assign-dialog').waitFor({ state: 'detached' });
      await page.getByTestId('calendar-visit').first().waitFor();
      await closeToasts(page);
      await page.screenshot({ path: `${SHOTS}/first-day-board.png` });

      const day = await query<Day>(page, 'dispatch.day', { teamId, date: DAY });
      expect(day.crews).toHaveLength(2);
      expect(day.visits).toHaveLength(1);
      const [visit] = day.visits;
      expect(visit?.status).toBe('assigned');
      expect(day.crews.map((c) => c.id)).toContain(visit?.crewId);
      expect(localDate(new Date(visit?.plannedArrival ?? ''), ZONE)).toBe(DAY);
    } finally {
      await session.close();
    }
  }, 300_000);

  it('the roster and the crews read in Chinese', async () => {
    const session = await signIn('zh-CN');
    const { page } = session;
    try {
      await page.goto(`${server.baseUrl}/roster?team=${teamId}&week=${NEXT_MONDAY}`);
      await page.getByTestId('roster-shift').first().waitFor();
      expect(await page.getByTestId('page-title').textContent()).toBe('排班');
      await page.screenshot({ path: `${SHOTS}/first-day-roster-zh.png` });
      await page.goto(`${server.baseUrl}/crews?team=${teamId}&date=${DAY}`);
      await page.getByTestId('crew-card').first().waitFor();
      expect(await page.getByTestId('page-title').textContent()).toBe('外访组');
      await page.screenshot({ path: `${SHOTS}/first-day-crews-zh.png` });
    } finally {
      await session.close();
    }
  }, 120_000);
});
