import { DEMO_PASSWORD } from '@shared/demo';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

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

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// One Chromium per e2e worker, a fresh context (its own cookies, storage, cache, service workers) per session:
// launching a browser for each of the ≈100 sessions of a run cost ≈12 s against ≈3.7 s for a context on a
// loaded 2-core machine (5 of each, one after the other). The e2e files share their worker's modules
// (isolate: false in vitest.config.ts), so this one browser serves every file the worker runs, one after the
// other; it ends with the worker's process (Playwright's pipe to it closes). A file's leftover contexts are closed
// after it (closeFileContexts), so the next file starts with none.
let shared: Promise<Browser> | undefined;

async function sharedBrowser(): Promise<Browser> {
  const current = shared;
  if (current) {
    if ((await current).isConnected()) return current;
    // A browser that crashed or was closed: the first session to notice launches the next one.
    if (shared === current) shared = undefined;
  }
  shared ??= chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return shared;
}

/** Closes the contexts a file's tests left open (a failed test never reached its close): after each file. */
export async function closeFileContexts() {
  const browser = await shared;
  if (!browser?.isConnected()) return;
  await Promise.all(browser.contexts().map((c) => c.close()));
}

/** Debian's Chromium, headless, in a fresh context of its own (as a throw-away profile) with the given UI locale. */
export async function openBrowser(
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const browser = await sharedBrowser();
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? DESKTOP,
    timezoneId: 'UTC',
  });
  const cspViolations = await watchCsp(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    cspViolations,
    close: async () => {
      await context.close();
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
