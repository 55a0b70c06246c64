import { DEMO_USERS } from '@shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, fieldError, loginAs, openBrowser, SHOTS } from './helpers/browser';
import { pickFirstTeam } from './helpers/new-user-form';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let admin: BrowserSession;
beforeAll(async () => {
  admin = await openBrowser({ locale: 'en-US' });
  await loginAs(admin.page, baseUrl, DEMO_USERS.admin);
  await admin.page.waitForURL('**/admin*');
});
afterAll(async () => {
  await admin?.close();
});

describe('admin creates a user through the form', () => {
  it('shows the server’s field errors next to each field, then creates the user who can sign in', async () => {
    const { page } = admin;
    await page.getByTestId('new-user').click();
    await page.getByTestId('new-user-form').waitFor();

    // zod errors from the server, one per field.
    await page.getByTestId('new-user-username').fill('x');
    await page.getByTestId('new-user-displayName').fill('E2E 调度');
    await page.getByTestId('new-user-password').fill('short');
    await page.getByTestId('new-user-submit').click();
    await expect.poll(() => page.getByTestId('new-user-error').textContent()).toContain('highlighted fields');
    expect(await fieldError(page, 'new-user-username')).toBeTruthy();
    expect(await fieldError(page, 'new-user-password')).toBeTruthy();
    expect(await fieldError(page, 'new-user-displayName')).toBeNull();

    // A rule of the service (AppError TEAM_REQUIRED) lands under the teams field.
    await page.getByTestId('new-user-username').fill('e2e.dispatcher');
    await page.getByTestId('new-user-password').fill('long-enough-password');
    await page.getByTestId('new-user-submit').click();
    await expect.poll(() => page.getByTestId('new-user-error').textContent()).toContain('at least one team');
    expect(await fieldError(page, 'new-user-teams')).toBeTruthy();
    await page.screenshot({ path: `${SHOTS}/skeleton-admin-new-user-errors.png` });
    expect(await fieldError(page, 'new-user-username')).toBeNull();

    await pickFirstTeam(page);
    await page.getByTestId('new-user-submit').click();
    // The modal closes on success; a refusal would keep it open with the server's message.
    await page
      .getByTestId('new-user-form')
      .waitFor({ state: 'detached', timeout: 20_000 })
      .catch(async () => {
        const message = await page
          .getByTestId('new-user-error')
          .textContent({ timeout: 1000 })
          .catch(() => null);
        throw new Error(`form still open: ${message}`);
      });
    await expect.poll(() => page.getByTestId('users-row').filter({ hasText: 'e2e.dispatcher' }).count()).toBe(1);

    const created = await openBrowser();
    try {
      await loginAs(created.page, baseUrl, 'e2e.dispatcher', 'long-enough-password');
      // The admin chose that password: the new user replaces it before anything else opens.
      await created.page.getByTestId('change-password-form').waitFor();
      await created.page.getByTestId('change-currentPassword').fill('long-enough-password');
      await created.page.getByTestId('change-newPassword').fill('only-i-know-this-one');
      await created.page.getByTestId('change-repeat').fill('only-i-know-this-one');
      await created.page.getByTestId('change-password-submit').click();
      await created.page.waitForURL('**/dispatch*');
      await created.page.getByTestId('dispatch-summary').waitFor();
    } finally {
      await created.close();
    }
  });
});
