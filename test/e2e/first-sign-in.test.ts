import { DEMO_USERS } from '@shared/demo';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrowserSession, DESKTOP, fieldError, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';
import { signIn, trpc } from './helpers/trpc-http';

const baseUrl = sharedServer().baseUrl;
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

/** An account an admin creates, with the password the admin chose. */
async function newAccount(username: string, role: 'dispatcher' | 'agent' | 'manager') {
  const admin = await signIn(baseUrl, DEMO_USERS.admin);
  const teams = await trpc<Array<{ id: string }>>(admin, 'GET', 'admin.teams', undefined);
  await trpc(admin, 'POST', 'admin.createUser', {
    idempotencyKey: `e2e-first-${username}`,
    username,
    displayName: username === 'first.zh' ? '林晓' : 'Alex Lin',
    password: 'given-by-the-admin',
    role,
    teamIds: [teams[0]?.id],
  });
}

describe('first sign-in with a password an admin chose (Chromium)', () => {
  it('English, desktop: only the password screen until the user chose their own, then the app', async () => {
    await newAccount('first.en', 'dispatcher');
    const s = await openBrowser({ locale: 'en-US', viewport: DESKTOP });
    sessions.push(s);
    const { page } = s;
    await loginAs(page, baseUrl, 'first.en', 'given-by-the-admin');
    await page.getByTestId('change-password-form').waitFor();
    expect(await page.getByTestId('nav').count()).toBe(0);
    await page.getByTestId('change-currentPassword').fill('given-by-the-admin');
    await page.getByTestId('change-newPassword').fill('short');
    await page.getByTestId('change-repeat').fill('short');
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => fieldError(page, 'change-newPassword')).toBe('must be at least 10 characters');
    await page.getByTestId('change-newPassword').fill('given-by-the-admin');
    await page.getByTestId('change-repeat').fill('given-by-the-admin');
    await page.getByTestId('change-password-submit').click();
    await expect
      .poll(() => fieldError(page, 'change-newPassword'))
      .toBe('Choose a password different from the current one.');
    await page.screenshot({ path: `${SHOTS}/first-sign-in-password.png` });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SHOTS}/first-sign-in-password-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('change-newPassword').fill('my-very-own-password');
    await page.getByTestId('change-repeat').fill('my-very-own-password');
    await page.getByTestId('change-password-submit').click();
    await page.waitForURL('**/dispatch*');
    await page.getByTestId('dispatch-summary').waitFor();
  });

  it('Chinese, phone: the same screen in Chinese', async () => {
    await newAccount('first.zh', 'agent');
    const s = await openBrowser({ locale: 'zh-CN', viewport: PHONE });
    sessions.push(s);
    const { page } = s;
    await loginAs(page, baseUrl, 'first.zh', 'given-by-the-admin');
    await page.getByTestId('change-password-form').waitFor();
    expect(await page.getByTestId('change-password-form').textContent()).toContain('设置您自己的密码');
    await page.getByTestId('change-currentPassword').fill('wrong-password');
    await page.getByTestId('change-newPassword').fill('我自己的新密码-2026');
    await page.getByTestId('change-repeat').fill('我自己的新密码-2025');
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => fieldError(page, 'change-repeat')).toBe('两次输入的新密码不一致。');
    await page.getByTestId('change-repeat').fill('我自己的新密码-2026');
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => fieldError(page, 'change-currentPassword')).toBe('当前密码不正确。');
    await page.screenshot({ path: `${SHOTS}/first-sign-in-password-zh-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: `${SHOTS}/first-sign-in-password-zh.png` });
    await page.setViewportSize(PHONE);
    await page.getByTestId('change-currentPassword').fill('given-by-the-admin');
    await page.getByTestId('change-password-submit').click();
    await page.getByTestId('change-password-form').waitFor({ state: 'detached' });
    await page.waitForURL('**/my-route*');
  });
});
