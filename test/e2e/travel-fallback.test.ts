/**
 * The road engine down (issue #17): a server configured with OSRM whose table service answers 500 shows the
 * dispatcher straight-line travel with a warning on the board, in the dispatcher's language. Its own server
 * process, configured with the local OSRM-speaking server.
 */
import { DEMO_USERS } from '@shared/demo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOsrm, startFakeOsrm } from '../helpers/fake-osrm';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, playBackTiles, SHOTS } from './helpers/browser';
import { type ProcessServer, startServer } from './helpers/server';

let osrm: FakeOsrm;
let server: ProcessServer;
let session: BrowserSession | undefined;

beforeAll(async () => {
  osrm = await startFakeOsrm();
  osrm.behaviour = 'error5xx';
  server = await startServer({ env: { OSRM_URL: osrm.url } });
}, 180_000);
afterEach(async () => {
  await session?.close();
  session = undefined;
});
afterAll(async () => {
  await server?.stop();
  await osrm?.close();
});

async function openBoard(locale: string, viewport: { width: number; height: number }) {
  session = await openBrowser({ locale, viewport });
  await playBackTiles(session.context);
  await loginAs(session.page, server.baseUrl, DEMO_USERS.dispatcher);
  await session.page.waitForURL(/\/(dispatch|outcomes|admin)/);
  await session.page.goto(`${server.baseUrl}/dispatch`);
  await session.page.getByTestId('calendar-visit').first().waitFor();
  return session.page;
}

describe('OSRM down: the board says its travel times are straight-line estimates', () => {
  for (const [locale, lang, words] of [
    ['en-US', 'en', 'Road travel times unavailable'],
    ['zh-CN', 'zh-CN', '暂时无法获取道路行程时间'],
  ] as const) {
    it(`warns in ${lang}, on a desktop and on a phone`, async () => {
      const page = await openBoard(locale, DESKTOP);
      const alert = page.getByTestId('travel-warning');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(words);
      // The model's own numbers, not a copy of them in the text.
      expect(await alert.textContent()).toContain('× 1.4');
      expect(osrm.requests.length).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}/travel-fallback-board-${lang}.png` });
      await page.setViewportSize(PHONE);
      await alert.waitFor();
      await page.screenshot({ path: `${SHOTS}/travel-fallback-board-${lang}-phone.png` });
    });
  }
});
