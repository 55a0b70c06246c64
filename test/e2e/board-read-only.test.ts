import { DEMO_USERS } from '@shared/demo';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, playBackTiles, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

async function board(user: string, locale = 'en-US'): Promise<Page> {
  const s = await openBrowser({ locale, viewport: DESKTOP });
  sessions.push(s);
  await playBackTiles(s.context);
  await loginAs(s.page, baseUrl, user);
  await s.page.waitForURL(/\/(dispatch|outcomes|admin)/);
  await s.page.goto(`${baseUrl}/dispatch`);
  await s.page.getByTestId('calendar-visit').first().waitFor();
  return s.page;
}

const trayCursor = (page: Page) =>
  page
    .getByTestId('tray-visit')
    .first()
    .evaluate((el) => getComputedStyle(el).cursor);

describe('the board asks what the user may do: managers look, dispatchers place', () => {
  it('a dispatcher gets the drag handles, the planner and the placing dialog', async () => {
    const page = await board(DEMO_USERS.dispatcher);
    expect(await page.locator('.fc-event-draggable').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-open').count()).toBe(1);
    expect(await page.getByTestId('board-read-only').count()).toBe(0);
    expect(await page.getByTestId('tray-drag-hint').count()).toBe(1);
    if (await page.getByTestId('tray-visit').count()) expect(await trayCursor(page)).toBe('grab');
    // The tray's days-past-due filter (the browser's number field) still narrows the cards.
    await page.getByTestId('tray-filter-dpd').fill('100000');
    await expect.poll(() => page.getByTestId('tray-visit').count()).toBe(0);
  });

  it('a manager sees the same board without anything to drag or save, and is told why', async () => {
    const page = await board(DEMO_USERS.manager);
    expect(await page.locator('.fc-event-draggable').count()).toBe(0);
    expect(await page.getByTestId('plan-open').count()).toBe(0);
    expect(await page.getByTestId('replan-open').count()).toBe(0);
    await page.getByTestId('board-read-only').waitFor();
    expect(await page.getByTestId('tray-drag-hint').count()).toBe(0);
    // Opening a visit selects it on the map and the calendar; no dialog offers to move it.
    await page.getByTestId('calendar-visit').first().click();
    if (await page.getByTestId('tray-visit').count()) {
      expect(await trayCursor(page)).not.toBe('grab');
      await page.getByTestId('tray-visit').first().dblclick();
    }
    await page.waitForTimeout(500);
    expect(await page.getByTestId('assign-dialog').count()).toBe(0);
    expect(await page.getByTestId('refusal').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/dispatch-manager-read-only.png` });
  });

  it('in Chinese the board has no English left: legend, week grid, map zoom buttons', async () => {
    const page = await board(DEMO_USERS.dispatcher, 'zh-CN');
    expect(await page.locator('.leaflet-control-zoom-in').getAttribute('title')).toBe('放大');
    expect(await page.locator('.leaflet-control-zoom-out').getAttribute('title')).toBe('缩小');
    const legend = (await page.getByTestId('board-legend').textContent()) ?? '';
    expect(legend).toContain('起点');
    expect(legend).not.toMatch(/[a-z]{3,}/);
    await page.getByTestId('dispatch-view').getByText('周视图').click();
    await page.locator('.fc-timegrid').first().waitFor();
    expect((await page.getByTestId('dispatch-calendar').textContent()) ?? '').not.toMatch(/all-day|allday/i);
  });

  it('in Chinese the admin’s agent list names skills and languages in words, not tags', async () => {
    const s = await openBrowser({ locale: 'zh-CN', viewport: DESKTOP });
    sessions.push(s);
    await loginAs(s.page, baseUrl, DEMO_USERS.admin);
    await s.page.waitForURL('**/admin*');
    await s.page.getByTestId('tab-agents').click();
    await s.page.getByTestId('agents-row').first().waitFor();
    const text = (await s.page.getByTestId('agents').textContent()) ?? '';
    expect(text).toContain('协商走访');
    expect(text).not.toMatch(/negotiation|verification|lang:|dialect:/);
  });
});
