import { mkdirSync } from 'node:fs';
import { DEMO_USERS } from '@shared/demo';
import { addDays, localDate } from '@shared/time';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoComplaintChannel } from '../../server/db/seed/staff';
import { type BrowserSession, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { api, mutation, query } from './helpers/field-session';
import { sharedServer } from './helpers/shared-server';

// The dispatcher's team is the seed's first: its borrower pages name its complaint line.
const FIRST_TEAM_COMPLAINTS = demoComplaintChannel(0);

const baseUrl = sharedServer().baseUrl;
mkdirSync(SHOTS, { recursive: true });

interface CaseFile {
  case: { id: string; teamId: string; status: string; loanRef: string; phone: string; overdueAmountCents: number };
  addresses: Array<{ id: string; text: string }>;
  appointments: Array<{
    id: string;
    status: string;
    agreedVia: string;
    slotStart: string;
    slotEnd: string;
    visitId: string | null;
    visitStatus: string | null;
    visitDate: string | null;
  }>;
}
interface Offer {
  state: 'open' | 'used' | 'expired';
  timeZone: string;
  address: string;
  chosen: { start: string; end: string } | null;
  slots: Array<{ start: string; end: string }>;
}

const tokenOf = (path: string) => path.replace('/s/', '');
const key = (what: string) => `e2e-slot-${what}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const bodyText = async (page: Page) => (await page.locator('#root').textContent()) ?? '';

let dispatcher: APIRequestContext;
let borrowerApi: APIRequestContext;
let file: CaseFile;
let link = { path: '' };
let picked = { start: '', end: '' };
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  dispatcher = await api(baseUrl, DEMO_USERS.dispatcher);
  borrowerApi = await api(baseUrl);
});
afterAll(async () => {
  await dispatcher?.dispose();
  await borrowerApi?.dispose();
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
async function phone(locale = 'en-US') {
  const s = await openBrowser({ viewport: PHONE, locale });
  sessions.push(s);
  return s.page;
}

/** What the borrower must never see: the loan reference, their phone, the amount owed (however written). */
function expectNothingAboutTheDebt(text: string) {
  const { loanRef, phone: borrowerPhone, overdueAmountCents: cents } = file.case;
  const yuan = Math.trunc(cents / 100);
  const secrets = [loanRef, borrowerPhone, '¥', '元', 'overdue', 'loanRef', 'Cents'];
  // Short numbers could stand in a date or an address by chance; the amount as money is never short here.
  if (yuan >= 1000) secrets.push(yuan.toLocaleString('en-US'), String(yuan));
  for (const secret of secrets) expect(text, secret).not.toContain(secret);
}

/** An open case of the dispatcher's team with an address and no agreed appointment (fewest appointments first). */
async function findCaseToArrange(): Promise<CaseFile> {
  const cases = await query<{ rows: Array<{ id: string }> }>(dispatcher, 'appointments.worklist', {
    status: 'open',
    pageSize: 30,
  });
  const files: CaseFile[] = [];
  for (const c of cases.rows) {
    const f = await query<CaseFile>(dispatcher, 'appointments.caseFile', { caseId: c.id });
    if (f.addresses.length > 0 && f.appointments.every((a) => a.status !== 'agreed')) files.push(f);
  }
  files.sort((a, b) => a.appointments.length - b.appointments.length);
  const found = files[0];
  if (!found) throw new Error('no open case without an agreed appointment in the dispatcher’s team');
  return found;
}

describe("the borrower's slot link from the SMS (SPEC §6 consent-gated slots)", () => {
  it('the dispatcher logs the notice and sends a link; the offer says nothing about the debt', async () => {
    file = await findCaseToArrange();
    await mutation(dispatcher, 'appointments.logNotice', {
      caseId: file.case.id,
      stage: 'appointment_notice',
      channel: 'sms',
      result: 'Sent the personal slot link by SMS',
      idempotencyKey: key('notice'),
    });
    link = await mutation<{ path: string; expiresAt: string }>(dispatcher, 'appointments.createLink', {
      caseId: file.case.id,
      addressId: file.addresses[0]?.id,
      visitType: 'negotiation',
      idempotencyKey: key('link'),
    });
    expect(link.path).toMatch(/^\/s\/[A-Za-z0-9_-]{32}$/);
    const offer = await query<Offer>(borrowerApi, 'slots.offer', { token: tokenOf(link.path) });
    expect(offer.state).toBe('open');
    expect(offer.slots.length).toBeGreaterThan(0);
    expectNothingAboutTheDebt(JSON.stringify(offer));
    // The days the dispatcher's board tests work on (today … +3) are left alone when a later day is offered.
    const busy = new Set([0, 1, 2, 3].map((d) => addDays(sharedServer().seedDate, d)));
    const later = offer.slots.filter((s) => !busy.has(localDate(new Date(s.start), offer.timeZone)));
    picked = (later[0] ?? offer.slots[offer.slots.length - 1]) as typeof picked;
  });

  it('on a phone: the offer, a pick read back, confirmed; a reload shows the agreed time and no picker', async () => {
    const page = await phone();
    await page.goto(`${baseUrl}${link.path}`);
    await page.getByTestId('slot-picker').waitFor();
    expect(await page.getByTestId('slot-lender').textContent()).toContain('Doorstep Consumer Finance');
    expect(await page.getByTestId('slot-purpose').textContent()).toContain('conversation visit');
    expect(await page.getByTestId('slot-address').textContent()).toBe(file.addresses[0]?.text);
    expect(await page.getByTestId('slot-rights').textContent()).toContain(FIRST_TEAM_COMPLAINTS.complaintPhone);
    expect(await page.getByTestId('slot-day').first().locator('h4').textContent()).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}$/,
    );
    expect(await page.getByTestId('slot-option').count()).toBeGreaterThan(0);
    expectNothingAboutTheDebt(await bodyText(page));
    await page.screenshot({ path: `${SHOTS}/slots-borrower.png` });

    await page.locator(`[data-testid="slot-option"][data-start="${picked.start}"]`).click();
    const step = page.getByTestId('slot-confirm-step');
    await step.waitFor();
    expect(await page.getByTestId('slot-picked').textContent()).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}$/);
    // Back to the list and the same pick again: nothing is booked until the borrower confirms.
    await page.getByTestId('slot-back').click();
    await page.locator(`[data-testid="slot-option"][data-start="${picked.start}"]`).click();
    // The first answer is lost after the server booked the slot: "Try again" sends the same pick and gets the
    // same booking back (and the button cannot be pressed twice while a request is on its way).
    let sent = 0;
    let disabledWhileSent = false;
    await page.route('**/trpc/slots.confirm**', async (route) => {
      sent++;
      disabledWhileSent = await page.getByTestId('slot-confirm').isDisabled();
      if (sent > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('slot-confirm').click();
    await expect.poll(() => page.getByTestId('slot-confirm-error').textContent()).toContain('Cannot reach the server');
    expect(await page.getByTestId('slot-confirm').textContent()).toBe('Try again');
    await page.getByTestId('slot-confirm').click();
    await page.getByTestId('slot-success').waitFor();
    expect(sent).toBe(2);
    expect(disabledWhileSent).toBe(true);
    const when = await page.getByTestId('slot-chosen').textContent();
    expect(when).toMatch(/^We will visit on \w{3} \d{1,2} \w{3} between \d{2}:\d{2} and \d{2}:\d{2}\.$/);
    await page.screenshot({ path: `${SHOTS}/slots-borrower-confirmed.png` });

    await page.reload();
    await page.getByTestId('slot-used').waitFor();
    expect(await page.getByTestId('slot-chosen').textContent()).toBe(when);
    expect(await page.getByTestId('slot-picker').count()).toBe(0);
    expect(await page.getByTestId('slot-option').count()).toBe(0);
  });

  it('the pick is an appointment agreed via the app, an unassigned visit in the dispatcher’s tray', async () => {
    const after = await query<CaseFile>(dispatcher, 'appointments.caseFile', { caseId: file.case.id });
    const agreed = after.appointments.find((a) => a.status === 'agreed');
    expect(agreed).toMatchObject({
      agreedVia: 'app',
      visitStatus: 'unassigned',
      slotStart: picked.start,
      slotEnd: picked.end,
    });
    const day = await query<{ visits: Array<{ id: string; status: string; slotStart: string }> }>(
      dispatcher,
      'dispatch.day',
      { teamId: file.case.teamId, date: agreed?.visitDate },
    );
    expect(day.visits.find((v) => v.id === agreed?.visitId)).toMatchObject({
      status: 'unassigned',
      slotStart: picked.start,
    });
    // The same pick sent again (a retry after a lost answer) gets the same answer and books nothing more.
    const again = await mutation(borrowerApi, 'slots.confirm', { token: tokenOf(link.path), slotStart: picked.start });
    expect(again).toEqual({ slotStart: picked.start, slotEnd: picked.end });
    const still = await query<CaseFile>(dispatcher, 'appointments.caseFile', { caseId: file.case.id });
    expect(still.appointments.length).toBe(after.appointments.length);
  });

  it('in Chinese; a retired link says whom to call; an unknown or cut-off link gets the invalid message', async () => {
    const current = await query<CaseFile>(dispatcher, 'appointments.caseFile', { caseId: file.case.id });
    // Links to move the agreed visit: the newer one retires the older one.
    const create = (what: string) =>
      mutation<{ path: string }>(dispatcher, 'appointments.createLink', {
        caseId: file.case.id,
        addressId: file.addresses[0]?.id,
        visitType: 'verification',
        replacesAppointmentId: current.appointments.find((a) => a.status === 'agreed')?.id,
        idempotencyKey: key(what),
      });
    const older = await create('older');
    const newer = await create('newer');

    const page = await phone('zh-CN');
    await page.goto(`${baseUrl}${newer.path}`);
    await page.getByTestId('slot-picker').waitFor();
    expect(await page.getByTestId('slot-lender').textContent()).toContain('门前消费金融');
    expect(await page.getByTestId('slot-purpose').textContent()).toContain('核实拜访');
    expect(await page.getByTestId('slot-day').first().locator('h4').textContent()).toMatch(/^\d{1,2}月\d{1,2}日 周.$/);
    expectNothingAboutTheDebt(await bodyText(page));
    await page.screenshot({ path: `${SHOTS}/slots-borrower-zh.png` });
    // The language switch asks the server again: the lender's name comes back in English.
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => page.getByTestId('slot-lender').textContent()).toContain('Doorstep Consumer Finance');
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => page.getByTestId('slot-lender').textContent()).toContain('门前消费金融');

    // A time that is no longer free when the borrower confirms: they are told, and the list is loaded again.
    await page.route('**/trpc/slots.offer**', async (route) => {
      const res = await route.fetch();
      const batch = (await res.json()) as Array<{ result: { data: Offer } }>;
      const offer = batch[0]?.result.data as Offer;
      const first = offer.slots[0] as Offer['slots'][number];
      const shift = (iso: string) => new Date(new Date(iso).getTime() + 30 * 60_000).toISOString();
      offer.slots.splice(1, 0, { start: shift(first.start), end: shift(first.end) });
      await route.fulfill({ response: res, json: batch });
      await page.unroute('**/trpc/slots.offer**');
    });
    await page.reload();
    const gone = page.getByTestId('slot-option').nth(1);
    const goneStart = (await gone.getAttribute('data-start')) as string;
    await gone.click();
    await page.getByTestId('slot-confirm').click();
    await expect.poll(() => page.getByTestId('slot-notice').textContent()).toContain('该时段已不可选');
    await expect.poll(() => page.locator(`[data-start="${goneStart}"]`).count()).toBe(0);
    expect(await page.getByTestId('slot-option').count()).toBeGreaterThan(0);

    await page.goto(`${baseUrl}${older.path}`);
    await page.getByTestId('slot-expired').waitFor();
    expect(await page.getByTestId('slot-expired').textContent()).toContain(FIRST_TEAM_COMPLAINTS.complaintPhone);
    expect(await page.getByTestId('slot-picker').count()).toBe(0);

    await page.goto(`${baseUrl}/s/${'Z'.repeat(32)}`);
    await expect.poll(() => page.getByTestId('slot-error').textContent()).toContain('该链接无效');
    // A link cut off in the SMS gets the same answer from the server.
    await page.goto(`${baseUrl}/s/abc`);
    await expect.poll(() => page.getByTestId('slot-error').textContent()).toContain('该链接无效');

    const english = await phone();
    await english.goto(`${baseUrl}/s/${'Y'.repeat(32)}`);
    await expect.poll(() => english.getByTestId('slot-error').textContent()).toContain('This link is not valid');
  });
  it('none of the times suit: the borrower asks for a call instead, and the dispatcher sees it on the case', async () => {
    const asked = await mutation<{ path: string }>(dispatcher, 'appointments.createLink', {
      caseId: file.case.id,
      addressId: file.addresses[0]?.id,
      visitType: 'negotiation',
      idempotencyKey: key('decline'),
    });
    const page = await phone();
    await page.goto(`${baseUrl}${asked.path}`);
    await page.getByTestId('slot-picker').waitFor();
    await page.getByTestId('slot-decline-open').click();
    await page.getByTestId('slot-decline-note').fill('After 19:00 on weekdays');
    await page.getByTestId('slot-decline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/slots-borrower-call-me.png` });
    await page.getByTestId('slot-decline-send').click();
    await page.getByTestId('slot-declined').waitFor();
    expect(await page.getByTestId('slot-picker').count()).toBe(0);
    const after = await query<{ notices: Array<{ result: string; channel: string }> }>(
      dispatcher,
      'appointments.caseFile',
      { caseId: file.case.id },
    );
    expect(
      after.notices.filter((n) => n.channel === 'app' && n.result.includes('After 19:00 on weekdays')),
    ).toHaveLength(1);
  });
});
