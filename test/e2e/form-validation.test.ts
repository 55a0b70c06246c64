import { DEMO_USERS } from '@shared/demo';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, fieldError, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

// A form checks its input with the procedure's own schema (issue #13 item 5): what the server would refuse is
// refused on the form, under its field and in the user's language, and nothing is sent.
describe('a form refuses what the server would, before sending (Chromium, phone)', () => {
  const words = { 'zh-CN': '不能为空', en: 'must not be empty' } as const;
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`${locale}: a notice with an empty result is refused under the field, with no request`, async () => {
      session = await openBrowser({ locale, viewport: PHONE });
      const { page } = session;
      await loginAs(page, baseUrl, DEMO_USERS.dispatcher);
      await page.waitForURL('**/dispatch*');
      const sent: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('appointments.logNotice')) sent.push(r.url());
      });

      await page.goto(`${baseUrl}/cases`);
      await page.getByTestId('case-row').first().click();
      await page.getByTestId('case-file').waitFor();
      await page.getByTestId('log-notice').click();
      await page.getByTestId('notice-result').fill('   ');
      await page.getByTestId('notice-submit').click();

      await expect.poll(() => fieldError(page, 'notice-result')).toBe(words[locale]);
      expect(sent).toEqual([]);
      await page.waitForTimeout(300); // the modal's opening transition
      await page.screenshot({ path: `${SHOTS}/form-validation-${locale}.png` });
    });
  }
});
