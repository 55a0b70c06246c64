import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS } from '@shared/demo';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClockedServer, startClockedServer } from './field-server';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, playBackTiles } from './helpers/browser';
import { api, minutes, query, type Stop, sendSlotLink } from './helpers/field-session';

// Screenshots of the app as it looks under its CSP, to look at (not part of the docs).
const SHOTS = join(tmpdir(), 'doorstep-csp-shots');
mkdirSync(SHOTS, { recursive: true });

// The map's tiles are played back (playBackTiles): a tile the CSP refused would never reach the network, so a
// loaded tile proves the policy lets it through.

/** A browser at the server's time whose map tiles are played back (CSP violations: see openBrowser). */
async function watchedBrowser(viewport: { width: number; height: number }, at: Date) {
  const session = await openBrowser({ viewport });
  await session.context.clock.setSystemTime(at);
  await playBackTiles(session.context);
  return session;
}

/** The Leaflet map inside `scope` drew its markers and at least one tile loaded from TILE_URL. */
async function expectMapRendered(page: Page, scope: string, markers: string) {
  const map = page.locator(`${scope} .leaflet-container`);
  await map.waitFor();
  await page.locator(`${scope} ${markers}`).first().waitFor();
  await expect
    .poll(() =>
      page.evaluate(
        (sel) =>
          Array.from(document.querySelectorAll<HTMLImageElement>(`${sel} img.leaflet-tile`)).filter(
            (img) => img.complete && img.naturalWidth > 0 && img.src.startsWith('https://tile.openstreetmap.org/'),
          ).length,
        scope,
      ),
    )
    .toBeGreaterThan(0);
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

let server: ClockedServer;
let agentApi: APIRequestContext;
let dispatcherApi: APIRequestContext;
let now: Date;
let stop: Stop;
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  // A server of its own whose clock can stand inside a visit's slot, so the agent's badge can be shown.
  server = await startClockedServer();
  agentApi = await api(server.baseUrl, DEMO_USERS.agent);
  dispatcherApi = await api(server.baseUrl, DEMO_USERS.dispatcher);
  const stops = (await query<{ stops: Stop[] }>(agentApi, 'field.today', {})).stops;
  stop = stops.find((s) => s.status === 'assigned') as Stop;
  expect(stop).toBeTruthy();
  now = minutes(stop.slotStart, 20);
  await server.setNow(now);
}, 240_000);
afterAll(async () => {
  for (const s of sessions) await s.close();
  await agentApi?.dispose();
  await dispatcherApi?.dispose();
  await server?.stop();
});

describe('every page under the Content-Security-Policy (Chromium)', () => {
  it('sends the policy with the page itself', async () => {
    const res = await fetch(`${server.baseUrl}/login`, { headers: { accept: 'text/html' } });
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/style-src 'self' 'nonce-[0-9a-f]{32}'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('desktop: sign-in, dispatch board with its map, cases, reports, compliance, print summary and admin', async () => {
    const desk = await watchedBrowser(DESKTOP, now);
    sessions.push(desk);
    const { page } = desk;

    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-username').waitFor();
    await shot(page, 'desktop-login');

    await loginAs(page, server.baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');
    // The board: FullCalendar's injected styles (nonce from the meta tag) and the Leaflet map with its markers.
    await page.getByTestId('calendar-visit').first().waitFor();
    // The board's only map (MapContainer does not pass a data-testid on to its element).
    await expectMapRendered(page, 'main', '.leaflet-marker-icon');
    expect(await page.locator('.fc .fc-timeline, .fc .fc-timegrid').count()).toBeGreaterThan(0);
    await shot(page, 'desktop-dispatch');
    // A modal locks the page's scrolling with a <style> element of its own (react-remove-scroll).
    await page.getByTestId('plan-open').click();
    await page.getByTestId('plan-modal').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('plan-modal').waitFor({ state: 'detached' });

    await page.goto(`${server.baseUrl}/cases`);
    await page.getByTestId('case-row').first().click();
    await page.getByTestId('case-file').waitFor();
    await shot(page, 'desktop-cases');

    // The manager's reports: charts (SVG), compliance exceptions and the printable summary.
    await page.context().clearCookies();
    await loginAs(page, server.baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    const chart = page.locator('[data-testid="chart-trend"][data-ready="true"]');
    await chart.waitFor();
    // A chart's tooltip is an element the page positions with inline styles (through the CSSOM, which the CSP allows).
    const box = await chart.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(500);
    await shot(page, 'desktop-reports');
    await page.getByTestId('tab-compliance').click();
    await page.getByTestId('ack-open').first().waitFor();
    await shot(page, 'desktop-compliance');
    await page.goto(`${server.baseUrl}/outcomes?tab=summary`);
    await page.getByTestId('print-summary').waitFor();

    await page.context().clearCookies();
    await loginAs(page, server.baseUrl, DEMO_USERS.admin);
    await page.waitForURL('**/admin*');
    await page.getByTestId('users-row').first().waitFor();
    await page.getByTestId('tab-agents').click();
    await page.getByTestId('agents-row').first().waitFor();
    await shot(page, 'desktop-admin');

    expect(desk.cspViolations).toEqual([]);
  });

  it('phone: the agent’s route with its map, the badge; the borrower’s slot link and badge check', async () => {
    const agent = await watchedBrowser(PHONE, now);
    sessions.push(agent);
    await loginAs(agent.page, server.baseUrl, DEMO_USERS.agent);
    await agent.page.waitForURL('**/my-route');
    await agent.page.getByTestId('route-stop').first().waitFor();
    await expectMapRendered(agent.page, '[data-testid="route-map"]', 'path.leaflet-interactive');
    await shot(agent.page, 'phone-route');

    await agent.page.goto(`${server.baseUrl}/my-route?stop=${stop.id}&view=badge`);
    await agent.page.getByTestId('badge-qr').waitFor();
    const code = (await agent.page.getByTestId('badge-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await shot(agent.page, 'phone-badge');

    // The borrower's personal slot link, as the dispatcher sends it.
    const link = await sendSlotLink(dispatcherApi, 'csp');
    expect(link).toMatch(/^\/s\//);

    const borrower = await watchedBrowser(PHONE, now);
    sessions.push(borrower);
    await borrower.page.goto(`${server.baseUrl}${link}`);
    await borrower.page.getByTestId('slot-picker').waitFor();
    await shot(borrower.page, 'phone-slot-link');

    await borrower.page.goto(`${server.baseUrl}/verify/${code}`);
    await borrower.page.getByTestId('verify-name').waitFor();
    await shot(borrower.page, 'phone-verify');
    await borrower.page.goto(`${server.baseUrl}/verify`);
    await borrower.page.getByTestId('verify-input').waitFor();

    expect(agent.cspViolations).toEqual([]);
    expect(borrower.cspViolations).toEqual([]);
  });

  it('would notice a violation: an inline script is refused and reported', async () => {
    const probe = await watchedBrowser(DESKTOP, now);
    sessions.push(probe);
    await probe.page.goto(`${server.baseUrl}/login`);
    await probe.page.getByTestId('login-username').waitFor();
    await probe.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.appendChild(s);
    });
    await expect.poll(() => probe.cspViolations.length).toBeGreaterThan(0);
    expect(probe.cspViolations.join('\n')).toContain('script-src');
    expect(await probe.page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    // Seen and refused as it should be: not a failure of this browser session.
    probe.cspViolations.length = 0;
  });
});
