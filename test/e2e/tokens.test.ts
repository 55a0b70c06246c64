import { DEMO_USERS } from '@shared/demo';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

/** A request of the lender's nightly job: no team, so a valid token gets 400 (the query) and an invalid one 401. */
const probe = (token: string) =>
  fetch(`${baseUrl}/api/v1/cases/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: 'loan_ref\n',
  });

describe('Admin → Service tokens (Chromium)', () => {
  for (const [locale, lang, name] of [
    ['en-US', 'en', 'Core banking nightly sync'],
    ['zh-CN', 'zh', '核心系统每晚同步'],
  ] as const) {
    it(`${lang}: creates a token shown once with a copy button, sees its last use, revokes it`, async () => {
      const session = await openBrowser({ locale, viewport: DESKTOP });
      sessions.push(session);
      const { page } = session;
      page.on('dialog', (d) => void d.accept());
      await loginAs(page, baseUrl, DEMO_USERS.admin);
      await page.waitForURL('**/admin*');
      await page.getByTestId('tab-tokens').click();
      await page.getByTestId('new-token').click();
      await page.getByTestId('new-token-form').waitFor();
      await page.getByTestId('token-name').fill(name);
      await page.getByTestId('token-teams').click();
      await page.getByRole('option').first().click();
      await page.getByTestId('token-name').click(); // closes the dropdown (Escape would close the modal)
      await page.getByTestId('token-submit').click();
      const secret = ((await page.getByTestId('token-secret').textContent()) ?? '').trim();
      expect(secret).toMatch(/^dst_[A-Za-z0-9_-]{43}$/);
      await page.getByTestId('token-copy').waitFor();
      await page.screenshot({ path: `${SHOTS}/tokens-created-${lang}.png` });

      expect((await probe(secret)).status).toBe(400);
      await page.getByTestId('token-done').click();
      await page.reload();
      const row = page.getByTestId('tokens-row').filter({ hasText: name });
      await row.getByTestId('token-state-active').waitFor();
      // The list never shows the secret, only its first characters.
      expect(await page.locator('#root').textContent()).not.toContain(secret);
      expect(await row.textContent()).toContain(secret.slice(0, 12));
      await page.screenshot({ path: `${SHOTS}/tokens-list-${lang}.png` });
      await page.setViewportSize(PHONE);
      await row.getByTestId('token-revoke').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/tokens-list-${lang}-phone.png` });
      await page.setViewportSize(DESKTOP);

      await row.getByTestId('token-revoke').click();
      await row.getByTestId('token-state-revoked').waitFor();
      expect((await probe(secret)).status).toBe(401);
    });
  }
});
