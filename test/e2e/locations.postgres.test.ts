/**
 * "Needs a location" in Chromium (SPEC §8.3): addresses without coordinates (as an import without a geocoder
 * leaves them) wait in the queue; the dispatcher picks one, clicks the map inside the team's region, saves, and
 * the address leaves the queue; its case file showed the "needs a location" badge before. PostgreSQL, so the test
 * can write those addresses into the database the server runs on. Screenshots at 1440×900 in en and zh-CN, and a phone (390×844) in zh-CN.
 */
import { DEMO_USERS } from '@shared/demo';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoScratchDatabase } from '../helpers/demo-template';
import type { createScratchDatabase } from '../helpers/scratch-database';
import { type BrowserSession, loginAs, openBrowser, PHONE, playBackTiles, SHOTS } from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';
import { signIn } from './helpers/trpc-http';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: TestServer;
let db: pg.Client;
let teamId: string;
const placed: Array<{ id: string; caseId: string; text: string }> = [];

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('*.postgres.test.ts files run only with TEST_DATABASE_URL (see vitest.config.ts)');
  scratch = await createDemoScratchDatabase(serverUrl, 'doorstep_locations');
  server = await startServer({ databaseUrl: scratch.url });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  teamId = (await signIn(server.baseUrl, DEMO_USERS.dispatcher)).teamIds[0] as string;
  // Three borrowers of the team gain a new address the import could not place.
  const { rows } = await db.query<{ borrower_id: string; case_id: string }>(
    `select c.borrower_id, c.id as case_id from cases c where c.team_id = $1 and c.status = 'open'
     order by c.loan_ref limit 3`,
    [teamId],
  );
  const streets = ['上海市徐汇区宜山路700号', '上海市长宁区天山路1900号', '上海市闵行区七莘路1888弄5号'];
  for (const [i, r] of rows.entries()) {
    const text = streets[i] as string;
    const made = await db.query<{ id: string }>(
      `insert into addresses (borrower_id, label, text, district, geocode_source)
       values ($1, 'home', $2, $3, 'import') returning id`,
      [r.borrower_id, text, text.slice(3, 6)],
    );
    placed.push({ id: made.rows[0]?.id as string, caseId: r.case_id, text });
  }
}, 180_000);

afterAll(async () => {
  await db?.end();
  await server?.stop();
  await scratch?.drop();
});

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/locations-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

describe('needs a location (dispatcher)', () => {
  it('the case file shows the badge; the queue lists the address; a click on the map and Save place it', async () => {
    session = await openBrowser();
    await playBackTiles(session.context);
    const { page } = session;
    await loginAs(page, server.baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');
    const first = placed[0] as (typeof placed)[number];
    await page.goto(`${server.baseUrl}/cases?team=${teamId}&case=${first.caseId}`);
    const badge = page.getByTestId('needs-location').first();
    await badge.waitFor();
    expect(await badge.textContent()).toContain(first.text);
    await badge.click();
    await page.waitForURL('**/locations?*');
    await page.getByTestId('locations-selected').waitFor();
    expect(await page.getByTestId('locations-total').textContent()).toContain('3 addresses need a location');
    expect(await page.getByTestId('locations-selected').textContent()).toContain(first.text);
    // The map opens on the team's region: a click near the centre is inside it.
    const map = page.locator('.leaflet-container');
    const box = (await map.boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30);
    await expect.poll(() => page.locator('[data-testid="map-picked"]').count()).toBe(1);
    expect(await page.getByTestId('locations-pin').textContent()).toMatch(/^\d+\.\d{6}, \d+\.\d{6}$/);
    await page.screenshot({ path: `${SHOTS}/locations-en.png` });
    await page.getByTestId('locations-save').click();
    await expect.poll(() => page.getByTestId('locations-total').textContent()).toContain('2 addresses need a location');
    const { rows } = await db.query('select lat, geocode_source, verified from addresses where id = $1', [first.id]);
    expect(rows[0]).toMatchObject({ geocode_source: 'pinned', verified: true });
    expect(rows[0]?.lat).not.toBeNull();
  }, 120_000);

  it('in Chinese: the list, the region and a refused pin outside it', async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    await playBackTiles(session.context);
    const { page } = session;
    await loginAs(page, server.baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');
    await page.goto(`${server.baseUrl}/locations?team=${teamId}`);
    await page.getByTestId('locations-row').first().waitFor();
    expect(await page.getByTestId('page-title').textContent()).toBe('待定位地址');
    await page.getByTestId('locations-pick').first().click();
    await page.getByTestId('locations-selected').waitFor();
    const map = page.locator('.leaflet-container');
    const box = (await map.boundingBox()) as { x: number; y: number; width: number; height: number };
    await page.mouse.click(box.x + box.width / 2 - 60, box.y + box.height / 2 + 40);
    await expect.poll(() => page.locator('[data-testid="map-picked"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/locations-zh-CN.png` });
    // Zoomed out, a click far to the west lands outside the region: refused, in Chinese.
    for (let i = 0; i < 2; i++) await page.getByTitle('缩小').click();
    await page.mouse.click(box.x + 20, box.y + box.height / 2);
    await page.getByTestId('locations-save').click();
    await expect.poll(() => page.getByTestId('locations-error').textContent()).toContain('不在本团队的区域内');
    await page.screenshot({ path: `${SHOTS}/locations-refused-zh-CN.png` });
    // On a phone the list and the map stack.
    await page.setViewportSize(PHONE);
    await page.getByTestId('locations-row').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/locations-phone-zh-CN.png`, fullPage: true });
  }, 120_000);
});
