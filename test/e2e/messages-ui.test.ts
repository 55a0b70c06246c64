import { DEMO_USERS } from '@shared/demo';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, DESKTOP, fieldError, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';
import { closeToasts } from './helpers/toasts';
import { signIn, trpc } from './helpers/trpc-http';

const baseUrl = sharedServer().baseUrl;

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/messages-ui-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

type Worklist = { rows: { id: string; teamId: string; loanRef: string }[] };
type CaseMessages = { messages: { id: string; text: string }[]; optOut: unknown };

/** An open case of the dispatcher's team without any message yet; `skip` picks a different one per language. */
async function quietCase(skip: number) {
  const s = await signIn(baseUrl, DEMO_USERS.dispatcher);
  const list = await trpc<Worklist>(s, 'GET', 'appointments.worklist', { status: 'open', pageSize: 40 });
  const quiet = [];
  for (const c of list.rows) {
    const read = await trpc<CaseMessages>(s, 'GET', 'outbox.caseMessages', { caseId: c.id });
    if (read.messages.length === 0 && !read.optOut) quiet.push(c);
    if (quiet.length > skip) break;
  }
  const c = quiet[skip];
  if (!c) throw new Error('no open case without messages left in the seed');
  return c;
}

const LANGS = [
  { locale: 'en-US', lang: 'en', skip: 0, optedOut: /Opted out of SMS since/, reason: 'Asked on the phone' },
  { locale: 'zh-CN', lang: 'zh-CN', skip: 1, optedOut: /退订短信/, reason: '电话中要求不再发短信' },
] as const;

describe('borrower messages on screen (Chromium)', () => {
  for (const l of LANGS) {
    it(`${l.lang}: the case file shows a notice sent by SMS with its status and copies its text; opt-out recorded then lifted`, async () => {
      const target = await quietCase(l.skip);
      session = await openBrowser({ locale: l.locale, viewport: DESKTOP });
      const { page, context } = session;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      await loginAs(page, baseUrl, DEMO_USERS.dispatcher);
      await page.waitForURL('**/dispatch*');
      await page.goto(`${baseUrl}/cases?team=${target.teamId}&case=${target.id}`);
      const panel = page.getByTestId('messages-panel');
      await panel.getByTestId('no-message').waitFor();

      // Send the first notice by SMS: one message, held for the allowed hours or queued (no gateway here).
      await panel.getByTestId('send-sms-notice').click();
      await page.getByTestId('send-sms-first_notice').click();
      await page.getByTestId('send-sms-confirm').click();
      const row = panel.locator('[data-testid="message-row"][data-kind="first_notice"]');
      await row.waitFor();
      expect(await panel.getByTestId('message-row').count()).toBe(1);
      expect(['held', 'queued']).toContain(await row.getAttribute('data-status'));
      expect(await row.getByTestId('message-status').getAttribute('data-status')).toBe(
        await row.getAttribute('data-status'),
      );
      await row.getByTestId('message-toggle').click();
      const text = ((await row.getByTestId('message-text').textContent()) ?? '').trim();
      expect(text.length).toBeGreaterThan(10);
      if (l.lang === 'zh-CN') expect(text).toMatch(/[\u4e00-\u9fff]/);
      await row.getByTestId('message-copy').click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
      await closeToasts(page);
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/messages-case-${l.lang}.png` });
      await page.setViewportSize(PHONE);
      await closeToasts(page);
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/messages-case-${l.lang}-phone.png` });
      await page.setViewportSize(DESKTOP);

      // Record the borrower's opt-out: the banner says since when and by whom; no notice can be sent meanwhile.
      await panel.getByTestId('opt-out-record').click();
      await page.getByTestId('opt-out-reason').fill(l.reason);
      await page.getByTestId('opt-out-confirm').click();
      const banner = panel.getByTestId('opt-out-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toMatch(l.optedOut);
      expect(await banner.textContent()).toContain(l.reason);
      expect(await panel.getByTestId('send-sms-notice').count()).toBe(0);
      await closeToasts(page);
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/messages-opt-out-${l.lang}.png` });

      // Lift it: the banner goes, recording is offered again.
      await banner.getByTestId('opt-out-lift').click();
      await page.getByTestId('opt-out-confirm').click();
      await panel.getByTestId('opt-out-record').waitFor();
      expect(await panel.getByTestId('opt-out-banner').count()).toBe(0);
    });

    it(`${l.lang}: an admin edits a message text, is refused an unknown variable, previews and saves a new version`, async () => {
      session = await openBrowser({ locale: l.locale, viewport: DESKTOP });
      const { page } = session;
      await loginAs(page, baseUrl, DEMO_USERS.admin);
      await page.waitForURL('**/admin*');
      await page.goto(`${baseUrl}/admin?tab=templates`);
      const row = page.locator(`[data-testid="template-row"][data-kind="slot_agreed"][data-locale="${l.lang}"]`);
      await row.waitFor();
      const before = Number(await row.getAttribute('data-version'));
      await page.screenshot({ path: `${SHOTS}/templates-${l.lang}.png` });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: `${SHOTS}/templates-${l.lang}-phone.png` });
      await page.setViewportSize(DESKTOP);

      await row.getByTestId('template-edit').click();
      const body = page.getByTestId('template-body-input');
      const original = await body.inputValue();
      await body.fill(`${original} {nonsense}`);
      await page.getByTestId('template-preview-button').click();
      await expect.poll(() => fieldError(page, 'template-body-input')).toMatch(/nonsense/);
      expect(await page.getByTestId('template-save').isDisabled()).toBe(true);

      const edited = `${original}${l.lang === 'en' ? ' Reply STOP to opt out.' : ' 回复TD退订。'}`;
      await body.fill(edited);
      await page.getByTestId('template-preview-button').click();
      const preview = page.getByTestId('template-preview-text');
      await preview.waitFor();
      expect(await preview.textContent()).not.toMatch(/\{\w+\}/);
      expect(await preview.textContent()).toContain(l.lang === 'en' ? 'Reply STOP' : '回复TD退订');
      await page.screenshot({ path: `${SHOTS}/templates-preview-${l.lang}.png` });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: `${SHOTS}/templates-preview-${l.lang}-phone.png` });
      await page.setViewportSize(DESKTOP);
      await page.getByTestId('template-save').click();
      await expect.poll(async () => Number(await row.getAttribute('data-version'))).toBe(before + 1);
      expect(await row.getByTestId('template-body').textContent()).toBe(edited);
    });
  }
});
