import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
// The day the shared server's data was seeded for, not the wall clock's (a run may cross midnight in Shanghai).
const today = sharedServer().seedDate;
const from = addDays(today, -6);
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

async function managerPage(locale = 'en-US'): Promise<Page> {
  const s = await openBrowser({ locale });
  sessions.push(s);
  await loginAs(s.page, baseUrl, DEMO_USERS.manager);
  await s.page.waitForURL('**/outcomes*');
  return s.page;
}

/**
 * Serves the dashboard's answer with KPI values that sit on a rounding edge (1.345 visits per crew-day, 2.675 km
 * per visit, 0.94550 contact rate): two ways of rounding them print different digits.
 */
async function onRoundingEdge(page: Page) {
  await page.route('**/trpc/**', async (route) => {
    const url = new URL(route.request().url());
    const paths = url.pathname.replace('/trpc/', '').split(',');
    const at = paths.indexOf('reports.dashboard');
    if (at === -1) return route.continue();
    const res = await route.fetch();
    const body = (await res.json()) as unknown;
    const answers = (Array.isArray(body) ? body : [body]) as Array<{ result?: { data: { kpis: Kpis } } }>;
    const kpis = answers[at]?.result?.data.kpis;
    if (kpis) Object.assign(kpis, { visitsPerCrewDay: 1.345, kmPerVisit: 2.675, contactRate: 0.9455 });
    await route.fulfill({ response: res, json: body });
  });
}
type Kpis = Record<string, number | null>;

const KEYS = ['planned', 'made', 'contactRate', 'kmPerVisit', 'visitsPerCrewDay', 'keptPromiseRate'];

describe('the manager’s numbers read the same everywhere, in words', () => {
  it('the dashboard and the printed summary show the same value for every KPI (one computation)', async () => {
    const page = await managerPage();
    await onRoundingEdge(page);
    await page.goto(`${baseUrl}/outcomes?from=${from}&to=${today}`);
    await page.getByTestId('kpi-visitsPerCrewDay-value').waitFor();
    const dashboard: Record<string, string> = {};
    for (const key of KEYS) dashboard[key] = (await page.getByTestId(`kpi-${key}-value`).textContent()) ?? '';
    expect(dashboard.visitsPerCrewDay).toBe('1.35');
    await page.getByTestId('tab-summary').click();
    await page.getByTestId('print-summary').waitFor();
    for (const key of KEYS) {
      expect(await page.getByTestId(`summary-${key}-value`).textContent(), key).toBe(dashboard[key]);
    }
  });

  it('the printed summary explains its numbers in words, not with a file name', async () => {
    const page = await managerPage();
    await page.goto(`${baseUrl}/outcomes?from=${from}&to=${today}&tab=summary`);
    const summary = page.getByTestId('print-summary');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).not.toContain('docs/');
    expect(text).not.toContain('.md');
    expect(text).toContain('crew-day');
    expect(await page.getByTestId('summary-visitsPerCrewDay-definition').textContent()).toMatch(/visits made/i);
    await page.screenshot({ path: `${SHOTS}/oversight-summary-en.png` });
  });

  it('importing one payment says "1 payment added" (and the Chinese wording)', async () => {
    for (const [locale, expected] of [
      ['en-US', '1 payment added, 0 already imported, 0 pending visits cancelled.'],
      ['zh-CN', '新增 1 笔还款；0 笔此前已导入；0 次待上门走访因已还款取消。'],
    ] as const) {
      const page = await managerPage(locale);
      await page.goto(`${baseUrl}/outcomes?from=${addDays(today, -30)}&to=${addDays(today, 30)}&tab=promises`);
      const row = page.getByTestId('promises-row').first();
      await row.waitFor();
      // The loan column links to the case file; its text is the loan reference.
      const loanRef = (await row.getByRole('link').first().textContent())?.trim();
      expect(loanRef).toBeTruthy();
      const csv = `reference,loan_ref,amount,paid_on,channel\ne2e-plural-${locale}-${Date.now()},${loanRef},1.00,${today},bank\n`;
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'payments.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByText(expected).waitFor();
    }
  });
});
