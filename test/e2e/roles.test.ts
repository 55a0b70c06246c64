import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, PHONE, SHOTS, trpcGet } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const navOf = (s: BrowserSession) => s.page.locator('[data-testid^="nav-"]').allTextContents();

describe('each demo user signs in and sees seeded data on their home page', () => {
  it('dispatcher lands on Dispatch with today’s visits of the team', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');
    // The console opens on the board; the visit table is its List tab.
    await page.getByTestId('dispatch-view-list').click();
    await page.getByTestId('dispatch-visits-row').first().waitFor();
    // One row per visit the server has on the board of the team and day shown (was: at least one row).
    const [team] = JSON.parse((await trpcGet(page, 'teams.list')).body).result.data as { id: string }[];
    const date = await page.getByTestId('dispatch-date').inputValue();
    const day = JSON.parse((await trpcGet(page, 'dispatch.day', { teamId: team?.id, date })).body).result.data as {
      visits: unknown[];
      summary: { total: number };
    };
    expect(day.visits.length).toBeGreaterThan(0);
    expect(await page.getByTestId('dispatch-visits-row').count()).toBe(day.visits.length);
    expect(await page.getByTestId('summary-total').textContent()).toBe(`Visits: ${day.summary.total}`);
    expect(await navOf(session)).toEqual([
      'Dispatch',
      'Crews',
      'Cases',
      'Import',
      'Roster',
      'Needs a location',
      'Outcomes',
    ]);
    // Slots are shown as HH:MM–HH:MM in the team's zone even though this browser runs in UTC.
    expect(await page.getByTestId('dispatch-visits-row').first().textContent()).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}/);
    await page.screenshot({ path: `${SHOTS}/skeleton-dispatcher.png` });
  });

  it('agent lands on My route with today’s stops on a phone, without debt amounts', async () => {
    session = await openBrowser({ viewport: PHONE });
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.agent);
    await page.waitForURL('**/my-route');
    await page.getByTestId('route-stop').first().waitFor();
    expect(await page.locator('body').textContent()).not.toContain('¥');
    // Nothing overflows sideways at phone width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('nav').count()).toBe(0);
    // The browser runs in UTC; the card must show the slot in the team's zone (Asia/Shanghai in the seed).
    const route = JSON.parse((await trpcGet(page, 'field.today', {})).body).result.data as {
      timeZone: string;
      stops: { slotStart: string; slotEnd: string }[];
    };
    const hhmm = (iso: string) =>
      new Intl.DateTimeFormat('en', {
        timeZone: route.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(iso));
    // One card per stop the server lists for today (was: at least one card).
    expect(route.stops.length).toBeGreaterThan(0);
    expect(await page.getByTestId('route-stop').count()).toBe(route.stops.length);
    const first = route.stops[0];
    expect(route.timeZone).not.toBe('UTC');
    expect(await page.getByTestId('route-stop-slot').first().textContent()).toBe(
      `${hhmm(first?.slotStart ?? '')}–${hhmm(first?.slotEnd ?? '')}`,
    );
    await page.screenshot({ path: `${SHOTS}/skeleton-agent.png` });
  });

  it('manager lands on Outcomes with recent outcomes', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    await page.getByTestId('outcomes-row').first().waitFor();
    // One row per visit of the default period (the last 30 days) the server lists on the first page of 20.
    const today = sharedServer().seedDate;
    const filter = { from: addDays(today, -29), to: today };
    const visits = JSON.parse(
      (await trpcGet(page, 'reports.visits', { filter, sort: 'visitDate', desc: true, page: 0, pageSize: 20 })).body,
    ).result.data as { rows: unknown[]; total: number };
    expect(visits.total).toBeGreaterThan(0);
    expect(visits.rows).toHaveLength(Math.min(visits.total, 20));
    expect(await page.getByTestId('outcomes-row').count()).toBe(visits.rows.length);
    expect(await navOf(session)).toEqual(['Dispatch', 'Crews', 'Cases', 'Roster', 'Outcomes']);
    await page.screenshot({ path: `${SHOTS}/skeleton-manager.png` });
  });

  it('admin lands on Admin and sees users, teams and the seeded agents (24 crew-ready, 1 lapsed)', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.admin);
    await page.waitForURL('**/admin*');
    await page.getByTestId('users-row').first().waitFor();
    // One row per user the server lists (was: at least four rows).
    const users = JSON.parse((await trpcGet(page, 'admin.users')).body).result.data as unknown[];
    expect(users.length).toBeGreaterThanOrEqual(Object.keys(DEMO_USERS).length);
    expect(await page.getByTestId('users-row').count()).toBe(users.length);
    expect(await navOf(session)).toEqual([
      'Dispatch',
      'Crews',
      'Cases',
      'Import',
      'Roster',
      'Needs a location',
      'Outcomes',
      'Admin',
      'Jobs',
    ]);
    await page.screenshot({ path: `${SHOTS}/skeleton-admin.png` });

    await page.getByTestId('tab-teams').click();
    await page.getByTestId('teams-row').first().waitFor();
    // One row per team the server lists (was: at least one row).
    const teams = JSON.parse((await trpcGet(page, 'teams.list')).body).result.data as unknown[];
    expect(teams.length).toBeGreaterThan(0);
    expect(await page.getByTestId('teams-row').count()).toBe(teams.length);

    await page.getByTestId('tab-agents').click();
    await page.getByTestId('agents-row').first().waitFor();
    const statuses = await page.getByTestId('credential-status').allTextContents();
    expect(statuses.filter((s) => s === 'Valid')).toHaveLength(24);
    expect(statuses.filter((s) => s === 'Expired')).toHaveLength(1);
  });

  it('an agent who types another page’s address is sent back to their own page', async () => {
    session = await openBrowser({ viewport: PHONE });
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.agent);
    await page.waitForURL('**/my-route');
    await page.goto(`${baseUrl}/admin`);
    await page.waitForURL('**/my-route');
  });
});
