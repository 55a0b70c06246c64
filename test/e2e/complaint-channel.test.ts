import { DEMO_USERS } from '@shared/demo';
import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClockedServer, startClockedServer } from './field-server';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { api, minutes, mutation, query, type Stop, sendSlotLink } from './helpers/field-session';

const PHONE_NO = '021-5888 6600';
const URL = 'https://kefu.mqxfjr.cn/tousu/pudong';

let server: ClockedServer;
let dispatcher: APIRequestContext;
let agent: APIRequestContext;
let linkPath = '';
let badgeCode = '';
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  // A server of its own whose clock can stand inside a visit's slot, so that the agent's badge can be shown.
  server = await startClockedServer();
  dispatcher = await api(server.baseUrl, DEMO_USERS.dispatcher);
  agent = await api(server.baseUrl, DEMO_USERS.agent);
}, 240_000);
afterAll(async () => {
  for (const s of sessions) await s.close();
  await dispatcher?.dispose();
  await agent?.dispose();
  await server?.stop();
});

async function browser(locale: string, viewport: { width: number; height: number }) {
  const s = await openBrowser({ locale, viewport });
  sessions.push(s);
  return s.page;
}

describe('the borrower pages name the team’s own complaint channel (Chromium)', () => {
  it('an admin sets the channel of the dispatcher’s team on the Teams tab', async () => {
    const [team] = await query<Array<{ name: string }>>(dispatcher, 'teams.list', {});
    const row = () => page.getByTestId('teams-row').filter({ hasText: team?.name ?? '?' });
    const page = await browser('en-US', DESKTOP);
    await loginAs(page, server.baseUrl, DEMO_USERS.admin);
    await page.waitForURL('**/admin*');
    await page.getByTestId('tab-teams').click();
    await row().getByTestId('team-complaint-edit').click();
    await page.getByTestId('complaint-channel-form').waitFor();
    await page.getByTestId('complaint-phone-input').fill('call us');
    await page.getByTestId('complaint-url-input').fill('');
    await page.getByTestId('complaint-channel-save').click();
    await expect.poll(() => page.getByTestId('complaint-channel-form').textContent()).toContain('phone number');
    await page.getByTestId('complaint-phone-input').fill(PHONE_NO);
    await page.getByTestId('complaint-url-input').fill(URL);
    await page.getByTestId('complaint-channel-save').click();
    await page.getByTestId('complaint-channel-form').waitFor({ state: 'detached' });
    await expect.poll(() => row().getByTestId('team-complaint').textContent()).toContain(PHONE_NO);
  });

  it('the dispatcher sends a slot link and the agent shows a badge, both for that team', async () => {
    linkPath = await sendSlotLink(dispatcher, 'complaint');
    expect(linkPath).toMatch(/^\/s\//);
    const stops = (await query<{ stops: Stop[] }>(agent, 'field.today', {})).stops;
    const stop = stops.find((s) => s.status === 'assigned') as Stop;
    expect(stop).toBeTruthy();
    await server.setNow(minutes(stop.slotStart, 20));
    badgeCode = (await mutation<{ code: string }>(agent, 'field.badge', { visitId: stop.id })).code;
    expect(badgeCode).toMatch(/^[A-Z2-9]{6}$/);
  });

  for (const [locale, lang] of [
    ['en-US', 'en'],
    ['zh-CN', 'zh'],
  ] as const) {
    for (const [viewport, device] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      it(`${lang}, ${device}: the slot link and the badge check show ${PHONE_NO} and the web page`, async () => {
        const page = await browser(locale, viewport);
        await page.goto(`${server.baseUrl}${linkPath}`);
        await page.getByTestId('slot-page').waitFor();
        const rights = page.getByTestId('slot-rights');
        await expect.poll(() => rights.getByTestId('complaint-phone').textContent()).toContain(PHONE_NO);
        expect(await rights.getByTestId('complaint-url').getAttribute('href')).toBe(URL);
        expect(await page.locator('#root').textContent()).not.toMatch(/example\.com/);
        await page.screenshot({ path: `${SHOTS}/complaint-slot-link-${lang}-${device}.png`, fullPage: true });

        await page.goto(`${server.baseUrl}/verify/${badgeCode}`);
        await page.getByTestId('verify-name').waitFor();
        const box = page.getByTestId('verify-complaint');
        await expect.poll(() => box.getByTestId('complaint-phone').textContent()).toContain(PHONE_NO);
        expect(await box.getByTestId('complaint-url').getAttribute('href')).toBe(URL);
        await page.screenshot({ path: `${SHOTS}/complaint-verify-${lang}-${device}.png`, fullPage: true });
      });
    }
  }
});
