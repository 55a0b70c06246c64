import { DEMO_USERS } from '@shared/demo';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/at-risk-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

describe('manager screens explain themselves and answer as one types', () => {
  it('"At risk" says what it means and opens the list of exactly those visits (en and zh-CN)', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      session = await openBrowser({ locale });
      const { page } = session;
      await loginAs(page, baseUrl, DEMO_USERS.manager);
      await page.waitForURL('**/outcomes*');
      await page.goto(`${baseUrl}/dispatch`);
      const badge = page.getByTestId('summary-atRisk');
      await badge.waitFor();
      const count = Number((await badge.textContent())?.match(/(\d+)\s*$/)?.[1]);
      expect(Number.isInteger(count)).toBe(true);

      // The explanation, with the server's margin, on hover.
      await page.getByTestId('at-risk-open').hover();
      const tip = page.getByRole('tooltip');
      await tip.waitFor();
      expect(await tip.textContent()).toContain(locale === 'zh-CN' ? '30 分钟内' : 'within 30 minutes');
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SHOTS}/dispatch-at-risk-help${locale === 'zh-CN' ? '-zh' : ''}.png` });

      // A click lists those visits, and only those, until the chip is closed.
      await page.getByTestId('at-risk-open').click();
      await page.getByTestId('chip-at-risk').waitFor();
      await expect.poll(() => page.getByTestId('dispatch-visits-row').count()).toBe(count);
      const all = page.getByTestId('chip-at-risk').getByRole('button');
      await all.click();
      await expect.poll(() => page.getByTestId('dispatch-visits-row').count()).toBeGreaterThanOrEqual(count);
      await session.close();
      session = undefined;
    }
  });

  it('the outcomes table narrows as the manager types, without pressing Enter', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    await page.getByTestId('outcomes-row').first().waitFor();
    const total = await page.getByTestId('visits-total').textContent();
    const name = (await page.getByTestId('outcomes-row').first().locator('td').nth(1).textContent()) as string;
    await page.getByTestId('visits-search').pressSequentially(name, { delay: 40 });
    await page.waitForURL(`**q=${encodeURIComponent(name)}*`);
    await expect.poll(() => page.getByTestId('visits-total').textContent()).not.toBe(total);
    const names = await page.getByTestId('outcomes-row').locator('td:nth-child(2)').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.includes(name))).toBe(true);
    // Clearing the box shows everything again; Enter still searches at once.
    await page.getByTestId('visits-search').fill('');
    await expect.poll(() => page.getByTestId('visits-total').textContent()).toBe(total);
    await page.getByTestId('visits-search').fill(name);
    await page.getByTestId('visits-search').press('Enter');
    await page.waitForURL(`**q=${encodeURIComponent(name)}*`);
  });
});
