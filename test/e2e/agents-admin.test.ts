import { DEMO_USERS } from '@shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from '../helpers/files';
import { type BrowserSession, fieldError, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

async function openAgents(session: BrowserSession) {
  await loginAs(session.page, baseUrl, DEMO_USERS.admin);
  await session.page.waitForURL('**/admin*');
  await session.page.goto(`${baseUrl}/admin?tab=agents`);
  await session.page.getByTestId('agents-row').first().waitFor();
}

describe('admin manages agents', () => {
  let en: BrowserSession;
  let zh: BrowserSession;
  beforeAll(async () => {
    en = await openBrowser({ locale: 'en-US' });
    zh = await openBrowser({ locale: 'zh-CN' });
  });
  afterAll(async () => {
    await en?.close();
    await zh?.close();
  });

  it('lists agents with their credential flag; the form refuses on each field in the server’s words', async () => {
    const { page } = en;
    await openAgents(en);
    expect(await page.getByTestId('credential-status').filter({ hasText: 'Expired' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/agents-list.png` });

    await page.getByTestId('new-agent').click();
    await page.getByTestId('agent-form').waitFor();
    await page.getByTestId('agent-phone').fill('021-1234');
    await page.getByTestId('agent-validFrom').fill('2026-06-01');
    await page.getByTestId('agent-validTo').fill('2026-05-01');
    await page.getByTestId('agent-submit').click();
    await expect.poll(() => fieldError(page, 'agent-validTo')).toBe('must not be before the start date');
    expect(await fieldError(page, 'agent-phone')).toContain('mobile number');
    expect(await fieldError(page, 'agent-fullName')).toBe('must not be empty');
    await page.screenshot({ path: `${SHOTS}/agents-form-errors.png` });

    // The schema takes it; the service asks for a base (the demo city has none yet).
    await page.getByTestId('agent-fullName').fill('E2E 外访员');
    await page.getByTestId('agent-phone').fill('13912340000');
    await page.getByTestId('agent-badgeNo').fill('E2E-0001');
    await page.getByTestId('agent-credentialNo').fill('E2EC0001');
    await page.getByTestId('agent-validTo').fill('2027-05-01');
    await page.getByTestId('agent-submit').click();
    await expect.poll(() => fieldError(page, 'agent-base')).toBe('Choose the base the agent starts from.');
    await page.keyboard.press('Escape');
    await page.getByTestId('agent-form').waitFor({ state: 'detached' });
  });

  it('an admin puts an agent’s photo on file and sees it as the badge shows it', async () => {
    const { page } = en;
    await page.getByTestId('agents-row').last().getByTestId('agent-edit').click();
    await page.getByTestId('agent-photo-upload').waitFor();
    await page
      .getByTestId('agent-photo-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: PNG });
    const photo = page.getByTestId('agent-photo');
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/agents-edit-photo.png` });
    await page.keyboard.press('Escape');
  });

  it('deactivating an agent with planned visits shows them first; cancel changes nothing (zh-CN)', async () => {
    const { page } = zh;
    await openAgents(zh);
    await page.screenshot({ path: `${SHOTS}/agents-list-zh.png` });
    const row = page
      .getByTestId('agents-row')
      .filter({ has: page.getByRole('cell', { name: DEMO_USERS.agent, exact: true }) });
    await row.getByTestId('agent-edit').click();
    await page.getByTestId('agent-form').waitFor();
    await page.getByTestId('agent-photo-upload').waitFor();
    await page.screenshot({ path: `${SHOTS}/agents-edit-zh.png` });
    await page.getByTestId('agent-active').click({ force: true });
    await page.getByTestId('agent-submit').click();
    await page.getByTestId('affected-visits').waitFor();
    // The dialog fades in over the form: the picture is taken once it is fully shown.
    const dialog = page.locator('.mantine-Modal-content').filter({ has: page.getByTestId('affected-visits') });
    await expect.poll(() => dialog.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    expect(await page.getByTestId('affected-visit-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('affected-visits-confirm').textContent()).toContain('退回待分配区');
    await page.screenshot({ path: `${SHOTS}/agents-affected-visits-zh.png` });
    await page.getByTestId('affected-visits-cancel').click();
    await page.getByTestId('affected-visits').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('agent-form').waitFor({ state: 'detached' });
    expect(await page.getByTestId('agent-inactive').count()).toBe(0);
  });

  it('the list on a phone', async () => {
    const phone = await openBrowser({ locale: 'zh-CN', viewport: PHONE });
    try {
      await openAgents(phone);
      await phone.page.screenshot({ path: `${SHOTS}/agents-list-phone-zh.png` });
      await phone.page.getByTestId('new-agent').click();
      await phone.page.getByTestId('agent-form').waitFor();
      await phone.page.screenshot({ path: `${SHOTS}/agents-form-phone-zh.png` });
    } finally {
      await phone.close();
    }
  });
});
