import { DEMO_USERS } from '@shared/demo';
import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { ClockedServer } from './field-server';
import { type BrowserSession, fieldError, loginAs, openBrowser, PHONE, SHOTS, trpcGet } from './helpers/browser';
import { api, dataOf, type FieldSession, minutes, query, type Stop, startFieldSession } from './helpers/field-session';

let server: ClockedServer;
let agentApi: APIRequestContext;
let stops: Stop[];
let phone: BrowserSession;

/** The stop the main flow works on (the first assigned one), and the one the offline flow uses. */
const mainStop = () => stops.filter((s) => s.status === 'assigned')[0] as Stop;
const offlineStop = () => stops.filter((s) => s.status === 'assigned')[1] as Stop;

/** Moves the server and the phone to the same instant. */
async function travelTo(at: Date) {
  await server.setNow(at);
  await phone.context.clock.setSystemTime(at);
}

let session: FieldSession | undefined;
beforeAll(async () => {
  session = await startFieldSession();
  ({ server, agentApi, stops, phone } = session);
}, 240_000);
afterAll(() => session?.close());

describe('field agent on a phone (390×844)', () => {
  beforeEach(() => {
    onTestFailed(async ({ task }) => {
      await phone.page.screenshot({
        path: `/tmp/field-e2e-failure-${task.name.slice(0, 20).replace(/\W+/g, '-')}.png`,
      });
    });
  });

  it('sees the route, checks in, shows the badge, records a promise with a 3-instalment plan; the dispatcher sees it completed', async () => {
    const stop = mainStop();
    expect(stop).toBeTruthy();
    await travelTo(minutes(stop.slotStart, 20));
    // About 60 m from the door: inside the 200 m threshold.
    await phone.context.setGeolocation({ latitude: stop.lat + 0.0005, longitude: stop.lng, accuracy: 15 });
    const { page } = phone;
    await loginAs(page, server.baseUrl, DEMO_USERS.agent);
    await page.waitForURL('**/my-route');
    const card = page.locator(`[data-stop-id="${stop.id}"]`);
    await card.waitFor();
    await page.getByTestId('route-map').waitFor();
    await page.screenshot({ path: `${SHOTS}/field-route.png`, fullPage: false });

    await card.getByTestId('stop-en-route').click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('en_route');
    await card.getByTestId('stop-arrived').click();
    const code = (await page.getByTestId('badge-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await page.getByTestId('badge-qr').waitFor();
    await page.screenshot({ path: `${SHOTS}/field-badge.png` });

    await page.getByTestId('check-in').click();
    await page.getByTestId('badge-outcome').waitFor();
    await page.getByTestId('badge-outcome').scrollIntoViewIfNeeded();
    // The distance comes with the server's answer: the check-in has been delivered.
    await expect
      .poll(() => page.getByTestId('check-in-done').textContent(), { timeout: 20_000 })
      .toMatch(/\d+ m from the address$/);
    await page.screenshot({ path: `${SHOTS}/field-check-in.png` });

    await page.getByTestId('badge-outcome').click();
    await page.getByTestId('outcome-form').waitFor();
    await page.getByTestId('outcome-submit').click();
    await expect.poll(() => page.getByTestId('outcome-message').textContent(), { timeout: 15_000 }).toBeTruthy();
    await page.getByTestId('outcome-id-shown').check({ force: true });
    await page.getByTestId('outcome-code-promise_to_pay').click({ force: true });
    await page.getByTestId('outcome-amount').fill('3000');
    await page.getByTestId('outcome-use-plan').check({ force: true });
    await page.getByTestId('plan-split-3').click();
    expect(await page.getByTestId('plan-row').count()).toBe(3);
    await page.getByTestId('outcome-notes').fill('Agreed three monthly instalments.');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/field-outcome-form.png` });
    await page.getByTestId('plan-builder').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/field-outcome-plan.png` });
    await page.getByTestId('outcome-submit').click();
    await page.getByTestId('page-title').waitFor();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('completed');

    const versions = await query<Array<{ code: string; instalments: unknown[] }>>(agentApi, 'field.outcomeVersions', {
      visitId: stop.id,
    });
    expect(versions).toHaveLength(1);
    expect(versions[0]?.code).toBe('promise_to_pay');
    expect(versions[0]?.instalments).toHaveLength(3);

    const dispatcher = await api(server.baseUrl, DEMO_USERS.dispatcher);
    const teams = await query<Array<{ id: string }>>(dispatcher, 'teams.list', undefined);
    const day = await query<{ visits: Array<{ id: string; status: string }> }>(dispatcher, 'dispatch.day', {
      teamId: teams[0]?.id,
    });
    expect(day.visits.find((v) => v.id === stop.id)?.status).toBe('completed');
    await dispatcher.dispose();

    // The borrower checks the badge code on their own phone, without signing in.
    const borrower = await openBrowser({ viewport: PHONE, locale: 'zh-CN' });
    try {
      await borrower.page.goto(`${server.baseUrl}/verify/${code}`);
      await expect
        .poll(() => borrower.page.getByTestId('verify-result').getAttribute('data-result'), { timeout: 15_000 })
        .toBe('valid');
      expect(await borrower.page.getByTestId('verify-result').textContent()).toContain('已授权');
      await borrower.page.screenshot({ path: `${SHOTS}/field-verify-zh.png` });
      await borrower.page.getByTestId('language-switch').getByText('EN').click();
      await expect
        .poll(() => borrower.page.getByTestId('verify-result').textContent(), { timeout: 15_000 })
        .toContain('Authorised visitor');
      expect(await borrower.page.getByTestId('verify-lender').textContent()).toContain('Doorstep Consumer Finance');
      await borrower.page.screenshot({ path: `${SHOTS}/field-verify.png` });
    } finally {
      await borrower.close();
    }
  });

  it('corrects the recorded outcome on the phone: a reason is required, both versions are kept', async () => {
    const { page } = phone;
    const stop = mainStop();
    type Version = { version: number; code: string; correctionReason: string | null };
    const versions = () => query<Version[]>(agentApi, 'field.outcomeVersions', { visitId: stop.id });
    const [recorded] = await versions();
    expect(recorded).toBeTruthy();
    await page.goto(`${server.baseUrl}/my-route`);
    const card = page.locator(`[data-stop-id="${stop.id}"]`);
    await card.getByTestId('stop-outcome-correct').click();
    await page.getByTestId('outcome-correction-reason').waitFor();
    // The form starts from the recorded answers: the agent changes only what was wrong.
    await expect.poll(() => page.getByTestId(`outcome-code-${recorded?.code}`).locator('input').isChecked()).toBe(true);
    expect(await page.getByTestId('outcome-id-shown').isChecked()).toBe(true);
    await page.getByTestId('outcome-code-hardship_referral').click({ force: true });
    await page.getByTestId('outcome-submit').click();
    // Without a reason the phone refuses, next to the field; nothing is sent.
    await expect.poll(() => fieldError(page, 'outcome-correction-reason')).toContain('why');
    expect(await versions()).toHaveLength(1);

    await page
      .getByTestId('outcome-correction-reason')
      .fill('Borrower showed a redundancy letter after the visit: hardship, not a promise.');
    await page.screenshot({ path: `${SHOTS}/field-outcome-correction.png` });
    await page.getByTestId('outcome-submit').click();
    await page.getByTestId('outcome-form').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(async () => (await versions()).length, { timeout: 20_000 }).toBe(2);
    const [first, second] = await versions();
    expect(first?.code).not.toBe('hardship_referral');
    expect(first?.correctionReason).toBeNull();
    expect(second?.code).toBe('hardship_referral');
    expect(second?.correctionReason).toContain('redundancy letter');
    await expect.poll(() => card.getByTestId('stop-outcome').textContent()).toContain('Hardship referral');
  });

  it('the verification response leaks none of the case’s amounts or the borrower’s ID number', async () => {
    const admin = await api(server.baseUrl, DEMO_USERS.admin);
    const stop = mainStop();
    const visit = await query<{
      overdueAmountCents: number;
      borrowerIdNumber: string;
      borrowerName: string;
      addressText: string;
    }>(admin, 'visits.get', { id: stop.id });
    await admin.dispose();
    const anonymous = await api(server.baseUrl);
    const badge = await agentApi.post('/trpc/field.badge', { data: { visitId: stop.id } });
    const code = dataOf<{ code: string }>(await badge.text()).code;
    const res = await anonymous.post('/trpc/verify.check', { data: { code } });
    const body = await res.text();
    await anonymous.dispose();
    expect(res.status()).toBe(200);
    expect(body).toContain('"result":"valid"');
    const secrets = [
      String(visit.overdueAmountCents),
      (visit.overdueAmountCents / 100).toFixed(2),
      visit.borrowerIdNumber.replace(/\*/g, '').slice(-4),
      visit.borrowerName,
      visit.addressText,
    ];
    for (const s of secrets) expect(body).not.toContain(s);
  });

  it('offline: records an outcome, shows it waiting, syncs once when back online; three replays leave one row', async () => {
    const { page, context } = phone;
    const stop = offlineStop();
    expect(stop).toBeTruthy();
    await travelTo(minutes(stop.slotStart, 15));
    await context.setGeolocation({ latitude: stop.lat, longitude: stop.lng, accuracy: 10 });
    await page.goto(`${server.baseUrl}/my-route`);
    const card = page.locator(`[data-stop-id="${stop.id}"]`);
    await card.getByTestId('stop-en-route').click();
    await card.getByTestId('stop-arrived').click();
    // The route's re-read that follows the check-in is held until the phone is offline (CI, session 25: it was still
    // on its way when the signal went, the service worker answered it with the older copy it kept, and the stop lost
    // its "on site" state with the outcome button). Routed on the context, so the worker's own fetch is held too.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reReads = 0;
    const reRead = /\/trpc\/[^?]*field\.today/;
    await context.route(reRead, async (route) => {
      reReads++;
      await held;
      await route.continue().catch(() => undefined);
    });
    await page.getByTestId('check-in').click();
    await expect
      .poll(() => page.getByTestId('check-in-done').textContent(), { timeout: 20_000 })
      .toMatch(/ m from the address/);
    await page.getByTestId('badge-outcome').waitFor();
    await expect.poll(() => reReads, { timeout: 20_000 }).toBeGreaterThan(0);

    // The outcome posts the server answered (a post tried while offline never reaches it).
    const delivered: Array<{ url: string; body: string }> = [];
    page.on('response', (res) => {
      const req = res.request();
      if (req.method() === 'POST' && req.url().includes('field.recordOutcome'))
        delivered.push({ url: req.url(), body: req.postData() ?? '' });
    });
    await context.setOffline(true);
    // The page re-lays itself out around the offline banner; tap once it is shown, as a person would.
    await page.getByTestId('offline-banner').waitFor();
    release();
    await context.unroute(reRead);
    await page.getByTestId('badge-outcome').click();
    await page.getByTestId('outcome-id-shown').check({ force: true });
    await page.getByTestId('outcome-code-hardship_referral').click({ force: true });
    await page.getByTestId('outcome-notes').fill('Lost job last month; referred to hardship team.');
    await page.getByTestId('outcome-submit').click();
    await page.getByTestId('sync-waiting').waitFor();
    expect(await page.getByTestId('sync-item').count()).toBe(1);
    await page.getByTestId('offline-banner').waitFor();
    await page.screenshot({ path: `${SHOTS}/field-offline-queue.png` });
    // Reloaded without signal: the shell and who is signed in come from the service worker, the route from the
    // phone's own copy (on site from its confirmed check-in, so the waiting outcome shows it completed). Reloaded
    // once the form has handed back to the route list (under load the queue shows before that; a reload in between
    // rightly reopens the form, as its address still says).
    await page.getByTestId('page-title').waitFor();
    await page.reload();
    // Debian's Chromium 150 (what apt installed on 2026-12-03's machines) keeps the context's network off across the
    // reload but tells the new document it is online (navigator.onLine true, no 'offline' event), which a phone
    // without signal does not: the page is told again, as the phone would tell it, and told the signal is back below.
    const network = await context.newCDPSession(page);
    const signal = (on: boolean) =>
      network.send('Network.emulateNetworkConditions', {
        offline: !on,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    await signal(false);
    await card.getByTestId('stop-pending').waitFor();
    expect(await card.getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('sync-item').count()).toBe(1);
    await page.getByTestId('offline-banner').waitFor();

    // Back online, the queue is sent once, on the page's 'online' (sync-store.ts's flush), and a flush asked for while
    // another runs is dropped: the one the reload started (the page came up believing it was online) must have given
    // up first, and the network must be up before the page is told, or that one send fails and nothing sends again.
    // Session 34: this step failed 6 of 20 runs at load 14–21, none at 5–11 (not caught in a trace; both races fit).
    // Session 40: it failed once more on a quiet CI (the page told it was online a moment before the network let the
    // send through: one failed send, then nothing). A send that gets no answer is now tried again by the queue's own
    // timer (sync-store.ts, 2 s then doubling), so a phone whose "online" came too early still delivers.
    await expect.poll(() => page.getByTestId('sync-now').getAttribute('data-loading')).toBeNull();
    // The first send after the signal returns gets no answer (a weak signal drops it): the queue must try again by
    // itself, not wait for another online event that never comes.
    let dropped = 0;
    const outcomePost = /\/trpc\/[^?]*field\.recordOutcome/;
    await context.route(outcomePost, async (route) => {
      if (dropped++ === 0) await route.abort('internetdisconnected');
      else await route.continue();
    });
    await context.setOffline(false);
    await signal(true);
    await network.detach();
    // Back online the queue sends by itself; the stop loses its "waiting to sync" mark once the server has it.
    await expect
      .poll(async () => (await query<unknown[]>(agentApi, 'field.outcomeVersions', { visitId: stop.id })).length, {
        timeout: 20_000,
      })
      .toBe(1);
    expect(dropped).toBe(2);
    await context.unroute(outcomePost);
    await card.getByTestId('stop-pending').waitFor({ state: 'detached' });
    await page.getByTestId('sync-panel').waitFor({ state: 'detached' });
    // Synced once: one post reached the server, and it keeps one version (was: at least one post).
    const versions = await query<unknown[]>(agentApi, 'field.outcomeVersions', { visitId: stop.id });
    expect(versions).toHaveLength(1);
    expect(delivered).toHaveLength(versions.length);

    // Replay the request that synced, three times, as a flaky network would.
    const replay = delivered.at(-1) as { url: string; body: string };
    const statuses = await page.evaluate(async ({ url, body }) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await fetch(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          credentials: 'include',
        });
        out.push(r.status);
      }
      return out;
    }, replay);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await query<unknown[]>(agentApi, 'field.outcomeVersions', { visitId: stop.id })).toHaveLength(1);
    const route = dataOf<{ stops: Stop[] }>((await trpcGet(page, 'field.today', {})).body);
    expect(route.stops.find((s) => s.id === stop.id)?.status).toBe('completed');
  });

  it('the session the setup made holds until the seeded day’s last slot ends, whatever hour the run starts at', async () => {
    // Made at the real time of a run at 01:30 Shanghai it would expire (12 h) at 13:30, before the afternoon's stops.
    const lastEnd = [...stops.map((s) => s.slotEnd)].sort().at(-1) as string;
    await server.setNow(new Date(lastEnd));
    const route = await query<{ stops: Stop[] }>(agentApi, 'field.today', {});
    expect(route.stops.map((s) => s.id).sort()).toEqual(stops.map((s) => s.id).sort());
  });
});
