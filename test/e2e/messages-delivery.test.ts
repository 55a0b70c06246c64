/**
 * A borrower message end to end (issue #16): the dispatcher agrees a slot in the browser for a borrower who reads
 * Chinese → the outbox writes the "slot agreed" message and its job → the server's worker sends it to the SMS
 * gateway (the fake provider) in Chinese → the provider posts a signed "delivered" receipt → the case file shows
 * the message delivered. Its own server process, configured with the fake gateway.
 */
import { DEMO_USERS } from '@shared/demo';
import { addDays, localDate } from '@shared/time';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSmsGateway, startFakeSmsGateway } from '../helpers/fake-sms-gateway';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, SHOTS, trpcGet } from './helpers/browser';
import { type ProcessServer, startServer } from './helpers/server';

const today = localDate(new Date(), 'Asia/Shanghai');
let gateway: FakeSmsGateway;
let server: ProcessServer;
let session: BrowserSession | undefined;

beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  server = await startServer({ env: { SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_SECRET: gateway.secret } });
}, 180_000);
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/messages-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});
afterAll(async () => {
  await server?.stop();
  await gateway?.close();
});

async function data<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await trpcGet(page, path, input);
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { result: { data: T } }).result.data;
}

type Found = { rows: { id: string; loanRef: string }[] };
type File = { appointments: { id: string }[] };

async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: new RegExp(`^${label} · `) }).click();
}

/** Waits until `check` holds (polling), or fails saying what it waited for. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('a slot agreed in the browser reaches the borrower’s phone and comes back delivered', () => {
  it('agree → the gateway gets the Chinese text → delivered receipt → the case file shows delivered', async () => {
    session = await openBrowser({ viewport: DESKTOP, locale: 'zh-CN' });
    const { page } = session;
    await loginAs(page, server.baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');

    const found = await data<Found>(page, 'appointments.worklist', { status: 'open', pageSize: 30 });
    let target: Found['rows'][number] | undefined;
    for (const c of found.rows) {
      const file = await data<File>(page, 'appointments.caseFile', { caseId: c.id });
      if (file.appointments.length === 0) {
        target = c;
        break;
      }
    }
    if (!target) throw new Error('no open case without an appointment');

    await page.goto(`${server.baseUrl}/cases`);
    await page.getByTestId('case-search').fill(target.loanRef);
    await page.getByTestId('case-row').filter({ hasText: target.loanRef }).click();
    await page.getByTestId('case-file').waitFor();
    await page.getByTestId('agree-slot').click();
    await page.getByTestId('slot-date').fill(addDays(today, 4));
    await choose(page, 'slot-select', '14:00–16:00');
    await page.getByTestId('slot-submit').click();
    await page.getByTestId('appointment-row').filter({ hasText: '14:00–16:00' }).waitFor();

    // The worker sends it: one SMS, in Chinese, with the agreed window.
    await until('the SMS at the gateway', () => gateway.handed.length > 0);
    expect(gateway.handed).toHaveLength(1);
    const sms = gateway.handed[0] as (typeof gateway.handed)[number];
    expect(sms.text).toMatch(/[\u4e00-\u9fff]/);
    expect(sms.text).toContain('14:00');
    expect(gateway.requests.every((r) => r.signatureOk)).toBe(true);

    const receipt = await gateway.sendReceipt(`${server.baseUrl}/api/v1/sms/receipts`, sms, { status: 'delivered' });
    expect(receipt.status).toBe(200);
    // A second receipt for it (the provider repeating itself) is taken and changes nothing.
    expect((await gateway.sendReceipt(`${server.baseUrl}/api/v1/sms/receipts`, sms)).status).toBe(200);

    await page.reload();
    const row = page.locator('[data-testid="message-row"][data-status="delivered"]');
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/messages-delivered-zh.png` });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SHOTS}/messages-delivered-zh-phone.png` });
  }, 180_000);
});
