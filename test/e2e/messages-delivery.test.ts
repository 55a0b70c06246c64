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
import { type BrowserSession, DESKTOP, loginAs, openBrowser, trpcGet } from './helpers/browser';
import { type ProcessServer, startServer } from './helpers/server';
import { signIn, trpc } from './helpers/trpc-http';

/** Today in the demo teams' zone, read when asked: a run may cross midnight in Shanghai after the server started. */
const today = () => localDate(new Date(), 'Asia/Shanghai');
let gateway: FakeSmsGateway;
let server: ProcessServer;
let session: BrowserSession | undefined;

type PolicyVersion = Record<string, unknown> & { effectiveFrom: string; allowedStart: string; allowedEnd: string };

/**
 * The dispatcher's team may contact borrowers around the clock from today (an admin's new policy version), so the
 * message leaves at once whatever the hour the test runs at; holding until the hours open is the integration
 * tests' (messages-outbox, sms-gateway).
 */
async function openAllDay() {
  const admin = await signIn(server.baseUrl, DEMO_USERS.admin);
  const [teamId] = (await signIn(server.baseUrl, DEMO_USERS.dispatcher)).teamIds;
  const [current] = await trpc<PolicyVersion[]>(admin, 'GET', 'teams.policyVersions', { teamId });
  if (!current) throw new Error('the demo team has no policy');
  const pick = (k: string) => current[k];
  const policy = Object.fromEntries(
    [
      'frequencyCap',
      'minNoticeMinutes',
      'twoPersonRule',
      'slotMinutes',
      'visitsPerCrewSlot',
      'negotiationMinutes',
      'verificationMinutes',
      'crewRequiredSkills',
      'crewRequiredLanguages',
      'contactCapPerDay',
      'messagesShowAmount',
    ].map((k) => [k, pick(k)]),
  );
  await trpc(admin, 'POST', 'teams.setPolicy', {
    idempotencyKey: `open-all-day-${Date.now()}`,
    teamId,
    // Today as the server reads it now, not when this file was loaded: a start in the past is refused, and the
    // server started in between (a run crossing midnight in Shanghai then would fail the whole file here).
    policy: {
      ...policy,
      effectiveFrom: today(),
      jurisdiction: 'custom',
      allowedStart: '00:00',
      allowedEnd: '23:59',
    },
  });
}

beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  server = await startServer({ env: { SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_SECRET: gateway.secret } });
  await openAllDay();
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
type CaseMessages = {
  messages: Array<{ id: string; kind: string; status: string; providerId: string | null; notBefore: string }>;
};

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
    await page.getByTestId('slot-date').fill(addDays(today(), 4));
    await choose(page, 'slot-select', '14:00–16:00');
    await page.getByTestId('slot-submit').click();
    await page.getByTestId('appointment-row').filter({ hasText: '14:00–16:00' }).waitFor();

    const written = await data<CaseMessages>(page, 'outbox.caseMessages', { caseId: target.id });
    const agreed = written.messages.filter((m) => m.kind === 'slot_agreed');
    expect(agreed).toHaveLength(1);
    const messageId = (agreed[0] as CaseMessages['messages'][number]).id;
    const statusOf = async () =>
      (await data<CaseMessages>(page, 'outbox.caseMessages', { caseId: target.id })).messages.find(
        (m) => m.id === messageId,
      ) as CaseMessages['messages'][number];
    await until('the message sent', async () => (await statusOf()).status === 'sent');

    // The worker sent it: one SMS, in Chinese, with the agreed window, signed.
    expect(gateway.handed).toHaveLength(1);
    const sms = gateway.handed[0] as (typeof gateway.handed)[number];
    expect(sms.reference).toBe(messageId);
    expect(sms.text).toMatch(/[\u4e00-\u9fff]/);
    expect(sms.text).toContain('14:00');
    expect(gateway.requests.every((r) => r.signatureOk)).toBe(true);
    expect(await statusOf()).toMatchObject({ status: 'sent', providerId: sms.id });

    const receipts = `${server.baseUrl}/api/v1/sms/receipts`;
    expect(
      (await gateway.sendReceipt(receipts, sms, { status: 'delivered', receiptId: `r-${messageId}` })).status,
    ).toBe(200);
    // The same receipt again (a provider retrying) is refused and changes nothing.
    const replay = await gateway.sendReceipt(receipts, sms, { status: 'failed', receiptId: `r-${messageId}` });
    expect(replay).toMatchObject({ status: 409, body: { code: 'SMS_RECEIPT_REPLAYED' } });
    expect(await statusOf()).toMatchObject({ status: 'delivered' });

    // The case file's messages list (slice D: data-testid message-row, data-status) shows it delivered.
    await page.reload();
    await page.getByTestId('case-file').waitFor();
    await page.locator('[data-testid="message-row"][data-status="delivered"][data-kind="slot_agreed"]').waitFor();
    expect(await page.locator('[data-testid="message-row"][data-status="delivered"]').count()).toBe(1);
  }, 180_000);
});
