import { DEMO_PASSWORD, DEMO_USERS } from '@shared/demo';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('sessions', () => {
  it('a signed-out visitor is sent to the sign-in page and, once signed in, back to the page asked for', async () => {
    session = await openBrowser();
    const { page } = session;
    await page.goto(`${baseUrl}/dispatch`);
    await page.waitForURL('**/login');
    await page.getByTestId('login-username').fill(DEMO_USERS.manager);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    // The manager's home is Outcomes, but Dispatch was asked for and managers may open it.
    await page.waitForURL('**/dispatch*');
    await page.getByTestId('dispatch-summary').waitFor();
  });

  it('sign-out ends the session: the pages and the API refuse afterwards', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    expect(await page.getByTestId('current-user').textContent()).toContain('Manager');
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await page.goto(`${baseUrl}/outcomes`);
    await page.waitForURL('**/login');
    const me = await page.evaluate(async () => (await fetch('/trpc/auth.me')).json());
    expect(me.result.data).toBeNull();
  });
});
