import { fileURLToPath } from 'node:url';
import { DEMO_USERS } from '@shared/demo';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASSET_ROUTES,
  type AssetRoute,
  coldLoad,
  FIRST_ROUTE_JS_BUDGET_GZIP,
  readManifest,
} from '../bench/asset-routes';
import { type BrowserSession, openBrowser } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';
import { signIn } from './helpers/trpc-http';

const baseUrl = sharedServer().baseUrl;
const clientDir = fileURLToPath(new URL('../../dist/client', import.meta.url));

// Who opens each route, and what shows that its first screen is drawn.
const OPENED_BY: Record<string, { user?: string; ready: string }> = {
  login: { ready: '[data-testid="login-username"]' },
  dispatch: { user: DEMO_USERS.dispatcher, ready: '[data-testid="calendar-visit"]' },
  cases: { user: DEMO_USERS.dispatcher, ready: '[data-testid="case-row"]' },
  'my-route': { user: DEMO_USERS.agent, ready: '[data-testid="route-progress"]' },
  reports: { user: DEMO_USERS.manager, ready: '[data-testid="chart-trend"][data-ready="true"]' },
  admin: { user: DEMO_USERS.admin, ready: '[data-testid="users-row"]' },
  '/s/:token': { ready: '[data-testid="slot-error"], [data-testid="slot-page"]' },
  '/verify': { ready: '[data-testid="verify-page"]' },
};

const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

/** Opens `route` in a browser with an empty cache; returns each script it fetched with how it was sent. */
async function firstLoad(route: AssetRoute) {
  const how = OPENED_BY[route.name];
  if (!how) throw new Error(`no way to open ${route.name}`);
  const session = await openBrowser();
  sessions.push(session);
  if (how.user) {
    const { cookie } = await signIn(baseUrl, how.user);
    const [name, value] = cookie.split('=') as [string, string];
    await session.context.addCookies([{ name, value, url: baseUrl }]);
  }
  const scripts: Array<{ file: string; encoding?: string; cacheControl?: string }> = [];
  session.page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (res.request().resourceType() === 'script' && path.startsWith('/assets/')) {
      const headers = res.headers();
      scripts.push({
        file: path.slice(1),
        encoding: headers['content-encoding'],
        cacheControl: headers['cache-control'],
      });
    }
  });
  const path = route.path.replace(':token', 'NoSuchLinkToken0123456789abcdefgh');
  await session.page.goto(`${baseUrl}${path}`);
  await session.page.locator(how.ready).first().waitFor();
  await session.page.waitForLoadState('networkidle');
  return scripts;
}

describe('first load of each route: what the browser fetches, how it is sent, and the budget', () => {
  const manifest = readManifest(clientDir);

  for (const route of ASSET_ROUTES) {
    it(`${route.name}: every script compressed and immutable, none the bench leaves out, ≤ 400 KB gzip`, async () => {
      const scripts = await firstLoad(route);
      const counted = coldLoad(clientDir, manifest, route);
      const countedFiles = new Set(counted.js.map((f) => f.file));
      expect(scripts.length).toBeGreaterThan(0);
      // Chromium asks for br: each hashed script comes precompressed (all but the tiniest, under 1 KB, where
      // compression would save less than it costs) and is kept for a year.
      for (const s of scripts) {
        const raw = counted.js.find((f) => f.file === s.file)?.raw ?? Number.POSITIVE_INFINITY;
        if (raw >= 1024) expect(s.encoding, s.file).toBe('br');
        expect(s.cacheControl, s.file).toBe('public, max-age=31536000, immutable');
      }
      // The bench (npm run bench:assets) counts at least what the browser really fetched at first paint.
      expect(scripts.map((s) => s.file).filter((f) => !countedFiles.has(f))).toEqual([]);
      const fetched = counted.js.filter((f) => scripts.some((s) => s.file === f.file));
      const gzip = fetched.reduce((sum, f) => sum + f.gzip, 0);
      expect(gzip).toBeLessThanOrEqual(FIRST_ROUTE_JS_BUDGET_GZIP);
      expect(counted.total.js.gzip).toBeLessThanOrEqual(FIRST_ROUTE_JS_BUDGET_GZIP);
    });
  }
});
