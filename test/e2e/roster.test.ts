import { DEMO_USERS } from '@shared/demo';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrowserSession, DESKTOP, fieldError, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

async function rosterPage(locale: string, viewport = DESKTOP): Promise<Page> {
  const s = await openBrowser({ locale, viewport });
  sessions.push(s);
  await loginAs(s.page, baseUrl, DEMO_USERS.dispatcher);
  await s.page.waitForURL(/\/dispatch/);
  await s.page.goto(`${baseUrl}/roster`);
  await s.page.getByTestId('roster-calendar').waitFor();
  await s.page.getByTestId('roster-shift').first().waitFor();
  return s.page;
}

describe('roster: a dispatcher sees the week per agent and sets weekly patterns and leave (SPEC §8.2)', () => {
  it('the week shows one row per agent with shifts; a pattern with a break outside the shift is refused on the field, then saved', async () => {
    const page = await rosterPage('en-US');
    expect(await page.locator('.fc-timeline-lane.fc-resource').count()).toBeGreaterThan(1);
    await page.getByTestId('roster-add-pattern').click();
    await page.getByTestId('pattern-form').waitFor();
    await page.getByTestId('pattern-breakStarts').fill('07:00');
    await page.getByTestId('pattern-save').click();
    await expect.poll(() => fieldError(page, 'pattern-breakStarts')).toContain('inside the shift');
    await page.screenshot({ path: `${SHOTS}/roster-pattern-refused.png` });
    await page.getByTestId('pattern-breakStarts').fill('12:00');
    await page.getByTestId('pattern-validFrom').fill('2099-01-01');
    await page.getByTestId('pattern-save').click();
    await page.getByTestId('pattern-form').waitFor({ state: 'detached' });
    await page.getByTestId('roster-patterns').waitFor();
    expect(await page.getByTestId('roster-patterns').textContent()).toContain('09:00–18:00');
    await page.screenshot({ path: `${SHOTS}/roster-week-en.png` });
  });

  it('leave on a day the agent’s crew has visits opens the list of affected visits; confirming saves it', async () => {
    const page = await rosterPage('zh-CN');
    await page.getByTestId('roster-add-exception').click();
    await page.getByTestId('exception-form').waitFor();
    await page.getByTestId('exception-agent').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('exception-save').click();
    // The demo's first agent works today with visits on their crew: the change is refused with the list.
    const dialog = page.getByTestId('affected-visits');
    const done = page.getByTestId('exception-form');
    await Promise.race([dialog.waitFor(), done.waitFor({ state: 'detached' })]);
    if (await dialog.count()) {
      expect(await page.getByTestId('affected-visit-row').count()).toBeGreaterThan(0);
      expect(await dialog.textContent()).toContain('外访组');
      await page.screenshot({ path: `${SHOTS}/roster-affected-visits-zh.png` });
      await page.getByTestId('affected-visits-confirm').click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.getByTestId('roster-exceptions').waitFor();
    expect(await page.getByTestId('roster-exceptions').textContent()).toContain('休假');
    await page.screenshot({ path: `${SHOTS}/roster-week-zh.png` });
  });

  it('fits a phone: the roster scrolls inside its calendar', async () => {
    const page = await rosterPage('zh-CN', PHONE);
    expect(await page.getByTestId('page-title').textContent()).toBe('排班');
    await page.screenshot({ path: `${SHOTS}/roster-phone-zh.png` });
  });
});
