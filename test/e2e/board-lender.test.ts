/**
 * The boards of a lender in Chromium (issue #17 "board and map visible", #19 "many teams on one board"), on a
 * generated lender of 12 teams (the `--preset lender` generator at a size CI can seed): the admin's "All my
 * teams" comes a page of five teams at a time with board and map, clustered markers, no failed request (also
 * in the week view: a table counted per team and day, one team's week opened on the board), live updates over
 * one stream per page (counted from the browser's requests); without a date its day and its week start at the
 * server's today, not the browser clock's; a GET batch as long as the client sends is answered. Times are `npm run bench:board`'s job; paging of the follow-ups is tested in
 * test/integration/outbox-read.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '@shared/demo';
import { MAX_BATCH_URL_LENGTH } from '@shared/http-limits';
import { localDate } from '@shared/time';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/client';
import { runMigrations } from '../../server/db/migrate';
import { seedDemo } from '../../server/db/seed';
import { createScratchDatabase } from '../helpers/scratch-database';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, playBackTiles, SHOTS } from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';

const TEAMS = 12;
let server: TestServer;
let cleanup: () => Promise<void> = async () => {};
const sessions: BrowserSession[] = [];

/** Seeds a small lender where the server will find it (PostgreSQL under TEST_DATABASE_URL, else a PGlite dir). */
async function seedLender(target: { databaseUrl?: string; dataDir: string }) {
  const handle = await openDb(target);
  try {
    await runMigrations(handle);
    await seedDemo(handle.db, {
      seed: 19,
      cases: 3000,
      agents: 120,
      today: localDate(new Date(), 'Asia/Shanghai'),
      timeZone: 'Asia/Shanghai',
      lender: { teams: TEAMS, visitsPerDay: 900 },
    });
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) {
    const db = await createScratchDatabase(process.env.TEST_DATABASE_URL, 'doorstep_e2e_lender');
    await seedLender({ databaseUrl: db.url, dataDir: 'unused' });
    server = await startServer({ databaseUrl: db.url });
    cleanup = async () => {
      await server.stop();
      await db.drop();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-lender-'));
    await seedLender({ dataDir: dir });
    server = await startServer({ env: { DATA_DIR: dir } });
    cleanup = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
}, 600_000);
afterAll(async () => {
  for (const s of sessions) await s.close();
  await cleanup();
});

/** A signed-in page that records every failed tRPC request and how many live streams are open. */
async function signedIn(user: string, locale = 'en-US') {
  const s = await openBrowser({ locale, viewport: DESKTOP });
  sessions.push(s);
  await playBackTiles(s.context);
  const failed: string[] = [];
  // The procedures the page asked for, in order (a batch counts once per procedure in it).
  const asked: string[] = [];
  // The live streams the browser has open now (a stream's request finishes only when it is closed).
  const live = new Set<Request>();
  const { page } = s;
  page.on('response', (r) => {
    if (r.url().includes('/trpc/') && r.status() >= 400) failed.push(`${r.status()} ${r.url().slice(0, 120)}`);
  });
  page.on('request', (r) => {
    if (r.url().includes('/trpc/live.')) live.add(r);
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/trpc/')) asked.push(...path.slice('/trpc/'.length).split(','));
  });
  page.on('requestfinished', (r) => live.delete(r));
  page.on('requestfailed', (r) => {
    live.delete(r);
    // Switching page or team closes the stream of the teams no longer shown: that is not a failure.
    if (r.url().includes('/trpc/') && !r.url().includes('/trpc/live.'))
      failed.push(`${r.failure()?.errorText} ${r.url().slice(0, 120)}`);
  });
  await loginAs(page, server.baseUrl, user);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const liveOpen = () => [...live].map((r) => new URL(r.url()).pathname);
  return { page, failed, liveOpen, asked };
}

/** Waits for the calendar's lanes with visits and the map's markers (the marks the page sets when painted). */
async function painted(page: Page) {
  await page.waitForFunction(
    () => ['dispatch-painted', 'map-painted'].every((m) => performance.getEntriesByName(m).length > 0),
    null,
    { timeout: 120_000 },
  );
}

describe(`the boards of a ${TEAMS}-team lender`, () => {
  it('the admin\'s "All my teams" shows five teams a page, board and clustered map, over one live stream', async () => {
    const { page, failed, liveOpen, asked } = await signedIn(DEMO_USERS.admin);
    asked.length = 0;
    await page.goto(`${server.baseUrl}/dispatch?team=all`);
    await painted(page);
    // The first page's boards came with the team list in the startup batch (one read), not one request per team
    // after the list answered.
    const untilPainted = [...asked];
    expect(untilPainted.filter((p) => p === 'dispatch.teamsPage')).toHaveLength(1);
    expect(untilPainted).not.toContain('dispatch.day');
    expect(untilPainted).not.toContain('teams.list');
    expect(await page.getByTestId('teams-page').textContent()).toBe(`Teams 1–5 of ${TEAMS}`);
    expect(await page.getByTestId('calendar-visit').count()).toBeGreaterThan(50);
    expect(await page.locator('.marker-cluster').count()).toBeGreaterThan(0);
    // One live stream for the whole page, whatever the number of teams on it.
    await expect.poll(liveOpen).toEqual(['/trpc/live.board']);
    await page.screenshot({ path: `${SHOTS}/lender-admin-all-teams.png` });

    // The last page has two teams: the page's stream is replaced by one for them.
    await page.getByTestId('teams-pager').getByRole('button', { name: '3' }).click();
    await expect.poll(() => page.getByTestId('teams-page').textContent()).toBe(`Teams 11–12 of ${TEAMS}`);
    await page.getByTestId('calendar-visit').first().waitFor();
    await expect.poll(liveOpen).toEqual(['/trpc/live.board']);

    // The week of five teams: counted per team and day (35 cells, no calendar of ~200 lanes), a team's week
    // opened on demand on the board, still over the page's one stream.
    await page.getByTestId('teams-pager').getByRole('button', { name: '1' }).click();
    await expect.poll(() => page.getByTestId('teams-page').textContent()).toBe(`Teams 1–5 of ${TEAMS}`);
    await page.getByTestId('dispatch-view').getByText('Week').click();
    await page.getByTestId('week-overview').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('week-team').count()).toBe(5);
    expect(await page.getByTestId('week-cell').count()).toBe(35);
    expect(await page.getByTestId('dispatch-calendar').count()).toBe(0);
    const overviewNodes = await page.evaluate(() => document.querySelectorAll('*').length);
    expect(overviewNodes).toBeLessThan(5000);
    await page.screenshot({ path: `${SHOTS}/lender-admin-week-overview.png` });
    await page.getByTestId('week-team-open').first().click();
    await page.locator('.fc-timegrid-event, [data-testid="calendar-visit"]').first().waitFor({ timeout: 120_000 });
    expect(await page.locator('.fc-col-header-cell.fc-resource').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('week-overview').count()).toBe(1);
    await expect.poll(liveOpen).toEqual(['/trpc/live.board']);

    expect(failed).toEqual([]);
  }, 300_000);

  it('"All my teams" without a date shows the server\'s today (day and week), whatever the browser\'s clock says', async () => {
    const { page, failed, asked } = await signedIn(DEMO_USERS.admin);
    // Two days ahead: a page reading today off this clock would show (and ask for the boards of) another day.
    // Only Date is moved (Playwright's clock would fake the timers and `performance`, which holds the paint marks).
    const skew = 2 * 86_400_000;
    const skewed = new Date(Date.now() + skew);
    // A string, not a function: the test's transform may wrap a function's inner class in a helper the page lacks.
    await page.addInitScript(`(() => {
      const Real = Date;
      class Skewed extends Real {
        constructor(...a) { if (a.length === 0) super(Real.now() + ${skew}); else super(...a); }
        static now() { return Real.now() + ${skew}; }
      }
      globalThis.Date = Skewed;
    })()`);
    const requests: string[][] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/trpc/')) requests.push(path.slice('/trpc/'.length).split(','));
    });
    // Waits as long as the paint may take: a loaded machine answers in tens of seconds.
    const answerOf = (procedure: string) =>
      page.waitForResponse((r) => new URL(r.url()).pathname.includes(procedure), { timeout: 120_000 });
    const answer = answerOf('dispatch.teamsPage');
    asked.length = 0;
    await page.goto(`${server.baseUrl}/dispatch?team=all`);
    const read = (await (await answer).json()) as Array<{ result: { data: { date: string } } }>;
    const serverDay = read.map((r) => r.result.data.date).find(Boolean);
    await painted(page);
    expect(serverDay).not.toBe(localDate(skewed, 'Asia/Shanghai'));
    expect(await page.getByTestId('dispatch-date').inputValue()).toBe(serverDay);
    expect(asked).not.toContain('dispatch.day');
    // The boards' read travels alone: the session check (and with it the app's shell) does not wait for it.
    expect(requests.find((r) => r.includes('dispatch.teamsPage'))).toEqual(['dispatch.teamsPage']);
    expect(requests.find((r) => r.includes('auth.me'))).not.toContain('dispatch.teamsPage');

    // The week of all teams without a date: from the same day, as the server's counted read answers it.
    const week = answerOf('dispatch.teamDays');
    await page.goto(`${server.baseUrl}/dispatch?team=all&view=week`);
    const counted = (await (await week).json()) as Array<{ result: { data: { from: string } } }>;
    expect(counted.map((r) => r.result.data.from).find(Boolean)).toBe(serverDay);
    await page.getByTestId('week-overview').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('dispatch-date').inputValue()).toBe(serverDay);
    expect(await page.getByTestId('week-overview').locator('thead th').nth(1).textContent()).toBe(serverDay?.slice(5));
    expect(failed).toEqual([]);
  }, 300_000);

  it('the busiest team’s dispatcher (in Chinese): one team, one live stream, clustered map', async () => {
    const { page, failed, liveOpen } = await signedIn(DEMO_USERS.dispatcher, 'zh-CN');
    await page.goto(`${server.baseUrl}/dispatch`);
    await painted(page);
    expect(await page.getByTestId('teams-page').count()).toBe(0);
    await expect.poll(liveOpen).toEqual(['/trpc/live.board']);
    expect(await page.locator('.marker-cluster').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('dispatch-view-follow-ups').textContent()).toContain('待跟进');
    await page.screenshot({ path: `${SHOTS}/lender-dispatcher-zh-CN.png` });
    expect(failed).toEqual([]);
  });

  it('a GET batch as long as the client sends is answered, not refused as too long (414/431)', async () => {
    const { page } = await signedIn(DEMO_USERS.dispatcher);
    const names: string[] = [];
    while (`/trpc/${[...names, 'config.public'].join(',')}?batch=1`.length < MAX_BATCH_URL_LENGTH) {
      names.push('config.public');
    }
    const answer = await page.evaluate(
      async (url) => {
        const res = await fetch(url, { credentials: 'include' });
        return { status: res.status, results: res.ok ? ((await res.json()) as unknown[]).length : 0 };
      },
      `/trpc/${names.join(',')}?batch=1`,
    );
    expect(answer).toEqual({ status: 200, results: names.length });
  });
});
