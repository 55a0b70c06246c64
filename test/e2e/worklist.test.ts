/**
 * The Cases worklist and the promise tracker as a team works them (issue #12 defects 6 and 8), in Chromium:
 * the dispatcher filters to "callback requested", pages, sorts by days past due and opens a case from the
 * keyboard, and finds the same requests on the dispatch page's follow-up list; the manager's promise tracker
 * lists one-off promises by default with a kept-promise rate. Screenshots in en and zh-CN, desktop and phone.
 */
import { DEMO_USERS } from '@shared/demo';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/worklist-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

const count = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).textContent())?.match(/(\d+)\s*$/)?.[1]);
const dpds = async (page: Page) =>
  (await page.getByTestId('case-dpd').allTextContents()).map((text) => Number(text.trim()));
const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as number) <= x);

describe('the cases worklist (dispatcher)', () => {
  it('filters to callback requests, pages, sorts by days past due, opens a case and comes back', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');
    await page.goto(`${baseUrl}/cases`);
    await page.getByTestId('case-row').first().waitFor();
    // The whole portfolio of the team, not 30 rows: 25 a page and a pager.
    expect(await page.getByTestId('case-row').count()).toBe(25);
    const range = (await page.getByTestId('worklist-range').textContent()) as string;
    const total = Number(range.match(/of (\d+)/)?.[1]);
    expect(total).toBeGreaterThan(100);
    expect(ascending((await dpds(page)).reverse())).toBe(true);

    const callbacks = await count(page, 'count-callback');
    expect(callbacks).toBeGreaterThan(10);
    await page.getByTestId('filter-callback').click();
    await page.waitForURL('**f=callback*');
    await expect.poll(() => page.getByTestId('worklist-range').textContent()).toContain(`of ${callbacks} cases`);
    await page.getByTestId('page-size').click();
    await page.getByRole('option', { name: '10 / page' }).click();
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(10);
    await page.getByRole('button', { name: 'Page 2' }).click();
    await page.waitForURL('**page=1*');
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(Math.min(10, callbacks - 10));
    expect(await page.getByTestId('flag-callback').count()).toBe(await page.getByTestId('case-row').count());

    // Sorted by days past due, smallest first (a second click on the header), back on page one.
    await page.getByTestId('sort-daysPastDue').click();
    await page.waitForURL('**asc=1*');
    expect(page.url()).not.toContain('page=');
    await expect.poll(async () => ascending(await dpds(page))).toBe(true);
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(10);
    const listUrl = page.url();
    await page.screenshot({ path: `${SHOTS}/cases-worklist-callbacks.png` });

    // The keyboard: down to the second row, Enter opens it; the borrower's request is on the case.
    const second = page.getByTestId('case-row').nth(1);
    const caseId = (await second.getAttribute('data-case-id')) as string;
    await page.getByTestId('case-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**case=${caseId}*`);
    await page.getByTestId('case-file').waitFor();
    await page.getByTestId('case-follow-up').filter({ hasText: 'Callback requested' }).first().waitFor();
    await page.getByTestId('back-to-worklist').click();
    await expect.poll(() => page.url()).toBe(listUrl);
    await page.getByTestId('case-row').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-case-id'))).toBe(caseId);

    // The same requests on the dispatch page's follow-up list, each opening its case.
    await page.goto(`${baseUrl}/dispatch`);
    await page.getByTestId('dispatch-view-follow-ups').click();
    await page.getByTestId('follow-up-row').first().waitFor();
    expect(await page.getByTestId('follow-up-row').filter({ hasText: 'Callback requested' }).count()).toBe(callbacks);
    await page.screenshot({ path: `${SHOTS}/dispatch-follow-ups.png` });
    await page.getByTestId('follow-up-open').first().click();
    await page.waitForURL('**/cases?*case=*');
    await page.getByTestId('case-file').waitFor();
  });

  it('reads in Chinese, and on a phone', async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');
    await page.goto(`${baseUrl}/cases?f=callback`);
    await page.getByTestId('case-row').first().waitFor();
    expect(await page.getByTestId('filter-callback').textContent()).toContain('请求回电');
    expect(await page.getByTestId('worklist-range').textContent()).toMatch(/共 \d+ 件/);
    await page.screenshot({ path: `${SHOTS}/cases-worklist-zh.png` });
    await session.close();

    session = await openBrowser({ viewport: PHONE });
    await loginAs(session.page, baseUrl, DEMO_USERS.dispatcher);
    await session.page.waitForURL('**/dispatch*');
    await session.page.goto(`${baseUrl}/cases`);
    await session.page.getByTestId('case-row').first().waitFor();
    await session.page.screenshot({ path: `${SHOTS}/cases-worklist-phone.png` });
  });
});

describe('the promise tracker (manager)', () => {
  it('lists one-off promises by default, 30 days either side of today, with a kept-promise rate', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      session = await openBrowser({ locale });
      const { page } = session;
      await loginAs(page, baseUrl, DEMO_USERS.manager);
      await page.waitForURL('**/outcomes*');
      // No range in the address: the tracker's own default.
      await page.goto(`${baseUrl}/outcomes?tab=promises`);
      await page.getByTestId('promises-row').first().waitFor();
      const oneOff = page.getByTestId('promises-row').filter({ hasText: locale === 'zh-CN' ? '单次承诺' : 'One-off' });
      expect(await oneOff.count()).toBeGreaterThan(0);
      const rate = (await page.getByTestId('kept-rate').textContent()) as string;
      expect(rate).toMatch(/\d+(\.\d)?\s?%/);
      await page.getByTestId('promise-filter-kept').click();
      await page.waitForURL('**pstate=kept*');
      await expect
        .poll(async () => new Set(await page.getByTestId('promise-state').allTextContents()))
        .toEqual(new Set([locale === 'zh-CN' ? '按时履约' : 'Kept']));
      await page.getByTestId('promise-filter-all').click();
      await page.getByTestId('promises-row').first().waitFor();
      await page.screenshot({
        path: `${SHOTS}/promises-panel${locale === 'zh-CN' ? '-zh' : ''}.png`,
        fullPage: true,
      });
      await session.close();
      session = undefined;
    }
  });
});
