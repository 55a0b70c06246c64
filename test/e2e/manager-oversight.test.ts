import { readFileSync } from 'node:fs';
import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, SHOTS, trpcGet } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  // What the page showed when a step failed (before the browser goes).
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/oversight-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

// The seeded past days: the demo city has visits with outcomes from today−3 to yesterday.
const today = sharedServer().seedDate;
const from = addDays(today, -3);
const to = addDays(today, -1);

type Dashboard = { byOutcome: Array<{ code: string; count: number }>; kpis: { made: number } };

describe('manager oversight', () => {
  it('changes the period, drills from a chart into the visits, opens a timeline, exports CSV, acknowledges an exception', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    await page.getByTestId('kpi-made-value').waitFor();

    // The period is part of the URL, so the view survives a reload.
    await page.getByTestId('period-from').fill(from);
    await page.waitForURL(`**from=${from}*`);
    await page.getByTestId('period-to').fill(to);
    await page.waitForURL(`**to=${to}*`);
    await page.reload();
    expect(await page.getByTestId('period-from').inputValue()).toBe(from);
    const res = await trpcGet(page, 'reports.dashboard', { from, to });
    const dashboard = (JSON.parse(res.body) as { result: { data: Dashboard } }).result.data;
    expect(dashboard.kpis.made).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('kpi-made-value').textContent()).toBe(String(dashboard.kpis.made));

    // Click the first (largest) bar of the outcome chart: the table narrows to the visits with that outcome.
    const chart = page.locator('[data-testid="chart-outcomes"][data-ready="true"]');
    await chart.waitFor();
    const first = dashboard.byOutcome[0] as { code: string; count: number };
    // Hovering a bar shows its value; clicking it drills in.
    const bar = chart.locator('[data-testid="chart-outcomes-item"][data-index="0"]');
    await bar.hover();
    await expect.poll(() => page.getByTestId('chart-outcomes-tooltip').textContent()).toContain(String(first.count));
    await bar.click();
    await page.waitForURL(`**outcome=${first.code}*`);
    await expect.poll(() => page.getByTestId('visits-total').textContent()).toContain(String(first.count));
    expect(await page.getByTestId('outcomes-row').count()).toBe(Math.min(first.count, 20));
    await page.screenshot({ path: `${SHOTS}/oversight-dashboard.png`, fullPage: true });

    // Sorting is done by the server and kept in the URL.
    await page.getByTestId('sort-borrower').click();
    await page.waitForURL('**sort=borrower*');
    await expect.poll(() => page.getByTestId('visits-total').textContent()).toContain(String(first.count));

    // Export what the table shows, masked as on screen.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(download.suggestedFilename()).toBe(`visits-${from}-${to}.csv`);
    expect(lines[0]).toContain('Borrower');
    expect(lines).toHaveLength(first.count + 1);
    expect(csv).toMatch(/\d{3}\*{4}\d{4}/);
    expect(csv).not.toMatch(/(^|,)1\d{10}(,|$)/m);

    // The visit's timeline, from the notice to the outcome.
    await page.getByTestId('open-visit').first().click();
    await page.getByTestId('visit-timeline').waitFor();
    expect(await page.getByTestId('timeline-slotAgreed').count()).toBe(1);
    expect(await page.getByTestId('timeline-checkIn').count()).toBe(1);
    // One entry per outcome version the server keeps for the visit opened (was: at least one).
    const visitId = new URL(page.url()).searchParams.get('visit');
    const timeline = JSON.parse((await trpcGet(page, 'reports.timeline', { visitId })).body).result.data as {
      events: Array<{ kind: string }>;
    };
    const outcomes = timeline.events.filter((e) => e.kind === 'outcome').length;
    expect(outcomes).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline-outcome').count()).toBe(outcomes);
    await page.waitForTimeout(500); // the drawer slides in
    await page.screenshot({ path: `${SHOTS}/oversight-timeline.png` });

    // A borrower's complaint about that visit, recorded from its timeline.
    await page.getByTestId('record-complaint').click();
    const text = `Borrower says the visitors arrived late (e2e ${Date.now()})`;
    await page.getByTestId('complaint-text').fill(text);
    await page.getByTestId('complaint-submit').click();
    await page.getByText('Complaint recorded.').waitFor();
    await page.keyboard.press('Escape');

    // Acknowledge the first open exception with a comment; it then shows who acknowledged it and why.
    await page.getByTestId('tab-compliance').click();
    await page.getByTestId('ack-open').first().waitFor();
    const comment = `Reviewed with the crew, GPS drift in a high-rise (${Date.now()})`;
    await page.getByTestId('ack-open').first().click();
    await page.getByTestId('ack-comment').fill(comment);
    await page.getByTestId('ack-submit').click();
    await page.getByTestId('ack-done').filter({ hasText: comment }).waitFor();
    await page.screenshot({ path: `${SHOTS}/oversight-compliance.png`, fullPage: true });

    // The complaint is on the complaints tab.
    await page.getByTestId('tab-complaints').click();
    await page.getByText(text).waitFor();
  });

  it('shows the printable summary and the Chinese dashboard', async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    await page.goto(`${baseUrl}/outcomes?from=${from}&to=${to}`);
    await page.locator('[data-testid="chart-trend"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('kpi-planned').textContent()).toContain('计划走访');
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SHOTS}/oversight-dashboard-zh.png`, fullPage: true });
    // The records verify: every audit link and every chained outcome version.
    await page.getByTestId('verify-chains').click();
    await page.getByTestId('verify-result').getByText('记录完整').waitFor();
    await page.waitForTimeout(300); // the popover fades in
    await page.screenshot({ path: `${SHOTS}/oversight-verify.png` });
    await page.keyboard.press('Escape');
    await page.getByTestId('tab-summary').click();
    await page.getByTestId('print-summary').waitFor();
    expect(await page.getByTestId('print-summary').textContent()).toContain('履约率');
    await page.screenshot({ path: `${SHOTS}/oversight-summary.png` });
    await page.goto(`${baseUrl}/outcomes?from=${addDays(today, -30)}&to=${addDays(today, 30)}&tab=promises`);
    await page.getByTestId('import-payments').waitFor();
    await page.getByTestId('promises-row').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/oversight-promises.png`, fullPage: true });
  });
});
