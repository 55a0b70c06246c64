import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, fieldError, loginAs, openBrowser, PHONE, playBackTiles, SHOTS } from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';

const PASSWORD = 'boss-password-2026';
let server: TestServer;

beforeAll(async () => {
  // An empty organisation, exactly as a lender would start it.
  server = await startServer({ env: { DEMO_DATA: 'off', ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: PASSWORD } });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const step = (page: Page, name: string) => page.getByTestId(`setup-step-${name}`).getAttribute('data-done');

async function signIn(locale: string, viewport = DESKTOP) {
  const session = await openBrowser({ locale, viewport });
  await playBackTiles(session.context);
  await loginAs(session.page, server.baseUrl, 'boss', PASSWORD);
  await session.page.waitForURL('**/admin*');
  await session.page.getByTestId('setup-checklist').waitFor();
  return session;
}

describe('an admin sets up an empty organisation: team, policy, base', () => {
  it('starts with every step missing, creates a China-preset team, refuses an unknown zone and a past policy date, places a base on the map', async () => {
    const session = await signIn('en-US');
    const { page } = session;
    try {
      expect(await step(page, 'teams')).toBe('false');
      expect(await step(page, 'crews')).toBe('false');
      await page.screenshot({ path: `${SHOTS}/org-setup-checklist-empty.png` });

      await page.getByTestId('tab-teams').click();
      await page.getByTestId('team-new').click();
      await page.getByTestId('team-form').waitFor();
      // The China preset fills the allowed hours.
      expect(await page.getByTestId('policy-allowed-start').inputValue()).toBe('08:00');
      expect(await page.getByTestId('policy-allowed-end').inputValue()).toBe('22:00');
      await page.getByTestId('team-name').fill('杭州外访一组');
      await page.getByTestId('team-code').fill('hz01');
      await page.getByTestId('team-city').fill('杭州');
      await page.getByTestId('team-time-zone').fill('Asia/Hangzhou');
      await page.getByTestId('team-submit').click();
      await expect.poll(() => fieldError(page, 'team-time-zone')).toContain('Asia/Hangzhou');
      await page.screenshot({ path: `${SHOTS}/org-setup-team-form-errors.png` });
      await page.getByTestId('team-time-zone').fill('Asia/Shanghai');
      await page.getByTestId('team-submit').click();
      await page.getByTestId('team-form').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('teams').textContent()).toContain('HZ01');

      // A policy change cannot start in the past.
      await page.getByTestId('team-policy-edit').click();
      await page.getByTestId('policy-form').waitFor();
      await page.getByTestId('policy-effective-from').fill('2020-01-01');
      await page.getByTestId('policy-submit').click();
      await expect.poll(() => fieldError(page, 'policy-effective-from')).toContain('past');
      await page.screenshot({ path: `${SHOTS}/org-setup-policy-past-refused.png` });
      await page.keyboard.press('Escape');

      await page.getByTestId('tab-bases').click();
      await page.getByTestId('base-form').waitFor();
      await page.getByTestId('base-name').fill('西湖驻点');
      await page.getByTestId('base-address').fill('杭州市西湖区文三路 100 号');
      // A click on the map places the base (the tiles never load here; the map still works).
      const map = page.locator('.leaflet-container');
      await map.click({ position: { x: 200, y: 150 } });
      await expect.poll(async () => Number(await page.getByTestId('base-lat').inputValue())).toBeGreaterThan(0);
      await page.getByTestId('base-submit').click();
      await expect.poll(() => page.getByTestId('bases').textContent()).toContain('西湖驻点');
      await expect.poll(() => page.locator('[data-testid="map-base"]').count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}/org-setup-bases.png` });

      await page.goto(`${server.baseUrl}/admin`);
      await page.getByTestId('setup-checklist').waitFor();
      await expect.poll(() => step(page, 'bases')).toBe('true');
      expect(await step(page, 'teams')).toBe('true');
      expect(await step(page, 'agents')).toBe('false');
      await page.screenshot({ path: `${SHOTS}/org-setup-checklist-progress.png` });
    } finally {
      await session.close();
    }
  }, 120_000);

  it('reads in Chinese on a desktop and on a phone', async () => {
    for (const [viewport, suffix] of [
      [DESKTOP, 'zh'],
      [PHONE, 'zh-phone'],
    ] as const) {
      const session = await signIn('zh-CN', viewport);
      const { page } = session;
      try {
        expect(await page.getByTestId('setup-checklist').textContent()).toContain('设置您的组织');
        await page.screenshot({ path: `${SHOTS}/org-setup-checklist-${suffix}.png`, fullPage: true });
        await page.goto(`${server.baseUrl}/admin?tab=bases`);
        await page.getByTestId('base-form').waitFor();
        await expect.poll(() => page.getByTestId('bases').textContent()).toContain('西湖驻点');
        expect(await page.getByTestId('base-form').textContent()).toContain('添加驻点');
        await page.screenshot({ path: `${SHOTS}/org-setup-bases-${suffix}.png`, fullPage: true });
      } finally {
        await session.close();
      }
    }
  }, 120_000);
});
