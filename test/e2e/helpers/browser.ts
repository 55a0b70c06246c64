import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@shared/demo';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** A fresh Chromium profile with one page. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every Content-Security-Policy violation any page of this browser reported (event or console message). */
  cspViolations: string[];
  /** Closes the browser; fails if a page broke the CSP, so every e2e flow also checks the policy holds. */
  close: () => Promise<void>;
}

/** Collects CSP violations from every page of the context, from the DOM event and from the console. */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('reportCspViolation', ({ page }, text: string) => {
    violations.push(`${page.url()} ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { reportCspViolation: (text: string) => Promise<void> })
          .reportCspViolation;
        void report(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample}`.trim());
      },
      true,
    );
  });
  context.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy/i.test(m.text())) violations.push(`${m.page()?.url() ?? ''} ${m.text()}`);
  });
  return violations;
}

/**
 * Where e2e runs write their screenshots. It is git-ignored (test-results/), so `npm test` leaves the tree clean;
 * `npm run screenshots:publish` copies them to docs/screenshots when a change is meant to show in the docs.
 */
export const SHOTS = 'test-results/screenshots';

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium, headless, in a throw-away profile with the given UI locale. */
export async function openBrowser(
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-chrome-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? DESKTOP,
    timezoneId: 'UTC',
  });
  const cspViolations = await watchCsp(context);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    cspViolations,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
      if (cspViolations.length > 0) {
        throw new Error(`the page broke its Content-Security-Policy:\n${[...new Set(cspViolations)].join('\n')}`);
      }
    },
  };
}

// A one-pixel PNG the map's tile server answers with: there is no internet here.
const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mN4+f/PfwAJ+gPzTMjbfQAAAABJRU5ErkJggg==',
  'base64',
);

/** Plays back the map's tiles in this browser (a tile the CSP refused never reaches this route). */
export async function playBackTiles(context: BrowserContext) {
  await context.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG }),
  );
}

/** Signs in through the form and waits until the page after sign-in has loaded. */
export async function loginAs(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Calls a tRPC query from inside the page, with the page's session cookie; returns status and raw body. */
export async function trpcGet(page: Page, path: string, input?: unknown): Promise<{ status: number; body: string }> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'include' });
    return { status: res.status, body: await res.text() };
  }, `/trpc/${path}${query}`);
}

/** The validation message Mantine shows under the field with this data-testid (element `${inputId}-error`). */
export async function fieldError(page: Page, testId: string): Promise<string | null> {
  const id = await page.getByTestId(testId).getAttribute('id');
  if (!id) return null;
  const error = page.locator(`[id="${id}-error"]`);
  return (await error.count()) ? error.textContent() : null;
}
