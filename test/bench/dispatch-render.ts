/**
 * Dispatch console render time in Chromium: from navigation start to the calendar's first paint with events
 * (the page sets a `dispatch-painted` performance mark), over several loads, plus an optional screenshot.
 *
 *   BASE=http://127.0.0.1:3000 npm run bench:dispatch -- [--user admin] [--path "/dispatch?team=all"]
 *     [--runs 5] [--shot docs/screenshots/dispatch-console.png] [--locale en-US]
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../../shared/demo';

const { values } = parseArgs({
  options: {
    user: { type: 'string', default: 'admin' },
    path: { type: 'string', default: '/dispatch?team=all' },
    runs: { type: 'string', default: '5' },
    shot: { type: 'string' },
    locale: { type: 'string', default: 'en-US' },
  },
});
const base = process.env.BASE ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({
  viewport: { width: 1440, height: 900 },
  locale: values.locale,
  timezoneId: 'UTC',
});
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(`${base}/login`);
await page.getByTestId('login-username').fill(values.user);
await page.getByTestId('login-password').fill(DEMO_PASSWORD);
await page.getByTestId('login-submit').click();
await page.waitForURL(/\/(dispatch|admin|outcomes|my-route)/);

const times: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  await page.goto(`${base}${values.path}`);
  await page
    .waitForFunction(() => performance.getEntriesByName('dispatch-painted').length > 0, null, { timeout: 60_000 })
    .catch(async (e) => {
      await page.screenshot({ path: '/tmp/dispatch-render-failed.png' });
      throw e;
    });
  times.push(await page.evaluate(() => performance.getEntriesByName('dispatch-painted')[0]?.startTime ?? -1));
}
const events = await page.getByTestId('calendar-visit').count();
const lanes = await page.locator('.fc-timeline-lane.fc-resource').count();
const sorted = [...times].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    path: values.path,
    user: values.user,
    lanes,
    events,
    tray: await page.getByTestId('tray-visit').count(),
    renderMs: {
      first: Math.round(times[0] ?? 0),
      median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      all: times.map(Math.round),
    },
  }),
);
if (values.shot) {
  await page.waitForTimeout(800);
  await page.screenshot({ path: values.shot });
  console.log(`screenshot: ${values.shot}`);
}
await browser.close();
