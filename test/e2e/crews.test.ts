/**
 * The crews screen as a dispatcher uses it (SPEC §8.2): a day's crews with their members, generation with its
 * report, a swap of partners on crews with planned visits — refused with the list, confirmed — and the visits
 * back in the board's tray with the reason, in English and Chinese, on a desktop and a phone.
 */
import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BrowserSession,
  DESKTOP,
  loginAs,
  openBrowser,
  PHONE,
  playBackTiles,
  SHOTS,
  trpcGet,
} from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
// Tomorrow has planned visits; the last demo team's crews are changed here because the other e2e files work
// on the dispatcher's team.
// The day after the one the shared server's data was seeded for (the wall clock's date may have moved on).
const DAY = addDays(sharedServer().seedDate, 1);
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

let teamId = '';

async function crewsPage(locale: string, viewport = DESKTOP) {
  const s = await openBrowser({ locale, viewport });
  sessions.push(s);
  await playBackTiles(s.context);
  await loginAs(s.page, baseUrl, DEMO_USERS.admin);
  await s.page.waitForURL(/\/admin/);
  if (!teamId) {
    const teams = JSON.parse((await trpcGet(s.page, 'teams.list')).body) as { result: { data: Array<{ id: string }> } };
    teamId = teams.result.data.at(-1)?.id ?? '';
  }
  await s.page.goto(`${baseUrl}/crews?team=${teamId}&date=${DAY}`);
  await s.page.getByTestId('crew-card').first().waitFor();
  return s.page;
}

describe('crews of a day', () => {
  it('lists the crews, generates with a report, and a swap with visits goes through the affected-visits dialog', async () => {
    const page = await crewsPage('en-US');
    const cards = page.getByTestId('crew-card');
    expect(await cards.count()).toBeGreaterThan(1);
    expect(await page.getByTestId('crews-rule').textContent()).toContain('Two-person rule: on');
    await page.screenshot({ path: `${SHOTS}/crews-day-en.png` });

    // The seeded crews were set by hand: generation keeps every one and says so.
    expect(await page.getByTestId('crews-generate').count()).toBe(1);
    await page.getByTestId('crews-generate').click();
    await page.getByTestId('crews-report').waitFor();
    await expect.poll(() => page.getByTestId('crews-report').textContent()).toContain('was kept');
    await page.screenshot({ path: `${SHOTS}/crews-generate-report-en.png` });

    // A crew with planned visits swaps a partner: refused with the list first.
    const busy = page.locator('[data-testid="crew-card"]', { hasText: /\d+ visits?/ }).first();
    const crewName = await busy.getAttribute('data-crew-name');
    await busy.getByTestId('crew-actions').click();
    await page.getByTestId('crew-swap').click();
    await page.getByTestId('swap-save').click();
    const dialog = page.getByTestId('affected-visits');
    await dialog.waitFor();
    expect(await page.getByTestId('affected-visit-row').count()).toBeGreaterThan(0);
    expect(await dialog.textContent()).toContain(crewName ?? '');
    await page.screenshot({ path: `${SHOTS}/crews-affected-visits-en.png` });
    await page.getByTestId('affected-visits-confirm').click();
    await page.getByTestId('affected-visits').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('[data-testid="crew-card"]', { hasText: 'Set by hand' }).count())
      .toBeGreaterThan(0);

    // The board's tray shows why they are back.
    await page.goto(`${baseUrl}/dispatch?team=${teamId}&date=${DAY}`);
    await page.getByTestId('tray-reason').first().waitFor();
    expect(await page.getByTestId('tray-reason').first().textContent()).toContain('Its crew was split, merged');
    await page.screenshot({ path: `${SHOTS}/crews-tray-reason-en.png` });
  });

  it('in Chinese on a phone', async () => {
    const page = await crewsPage('zh-CN', PHONE);
    expect(await page.getByTestId('page-title').textContent()).toBe('外访组');
    expect(await page.getByTestId('crews-rule').textContent()).toContain('两人同行规则');
    await page.screenshot({ path: `${SHOTS}/crews-day-zh-phone.png`, fullPage: true });
    const desktop = await crewsPage('zh-CN');
    await desktop.screenshot({ path: `${SHOTS}/crews-day-zh.png` });
  });
});
