import { DEMO_USERS } from '@shared/demo';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockedServer } from './field-server';
import { type BrowserSession, DESKTOP, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import {
  api,
  type FieldSession,
  minutes,
  mutation,
  query,
  type Stop,
  startFieldSession,
} from './helpers/field-session';

let session: FieldSession | undefined;
let server: ClockedServer;
let stops: Stop[];
let dispatcherApi: APIRequestContext;
let teamId: string;

beforeAll(async () => {
  session = await startFieldSession();
  ({ server, stops } = session);
  dispatcherApi = await api(server.baseUrl, DEMO_USERS.dispatcher);
  teamId = (await query<Array<{ id: string }>>(dispatcherApi, 'teams.list', undefined))[0]?.id as string;
}, 240_000);
afterAll(async () => {
  await dispatcherApi?.dispose();
  await session?.close();
});

/** The dispatcher takes the visit off its crew (at the version the board shows now). */
async function unassign(visitId: string) {
  const day = await query<{ visits: Array<{ id: string; version: number }> }>(dispatcherApi, 'dispatch.day', {
    teamId,
  });
  const version = day.visits.find((v) => v.id === visitId)?.version;
  await mutation(dispatcherApi, 'dispatch.unassign', { visitId, version, idempotencyKey: crypto.randomUUID() });
}

/** Waits until the phone has kept the day's badge of a visit (fetched with the route while online). */
async function badgeKept(page: Page, visitId: string) {
  await expect
    .poll(() => page.evaluate((id) => localStorage.getItem(`doorstep-badge-${id}`) !== null, visitId), {
      timeout: 20_000,
    })
    .toBe(true);
}

/**
 * Offline on my way and check-in at the door, shows the badge from the phone's kept copy, while the dispatcher
 * takes the visit off the crew; back online the phone gets the visit named and what happened, and returns it.
 */
async function offlineDayAgainstUnassign(phone: BrowserSession, stop: Stop, lang: 'en' | 'zh') {
  const { page, context } = phone;
  await context.setGeolocation({ latitude: stop.lat + 0.0003, longitude: stop.lng, accuracy: 12 });
  await loginAs(page, server.baseUrl, DEMO_USERS.agent);
  await page.waitForURL('**/my-route');
  const card = page.locator(`[data-stop-id="${stop.id}"]`);
  await card.waitFor();
  await badgeKept(page, stop.id);

  await context.setOffline(true);
  await page.getByTestId('offline-banner').waitFor();
  await card.getByTestId('stop-en-route').click();
  await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('en_route');
  await card.getByTestId('stop-arrived').click();
  // No signal: the badge shows at once from the kept copy, with its validity and the photo placeholder.
  await page.getByTestId('badge-code').waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('badge-code').textContent()).toMatch(/^[A-Z2-9]{6}$/);
  await page.getByTestId('badge-kept').waitFor();
  await page.getByTestId('photo-placeholder').waitFor();
  expect(await page.getByTestId('no-photo').textContent()).toBe(lang === 'en' ? 'No photo on file' : '暂无照片存档');
  await page.getByTestId('badge-qr').waitFor();
  await page.screenshot({ path: `${SHOTS}/field-badge-offline${lang === 'zh' ? '-zh' : ''}.png` });
  await page.getByTestId('check-in').click();
  // The check-in is queued once the screen says so ("Checked in at …"): the tap first asks for the position, then
  // stores the record. "On my way" already shows the waiting list, so it cannot say the check-in has joined it.
  await page.getByTestId('check-in-done').waitFor();
  await page.getByTestId('badge-back').click();
  await page.getByTestId('sync-waiting').waitFor();
  expect(await page.getByTestId('sync-item').count()).toBe(2);

  // Meanwhile the dispatcher takes the visit off the crew.
  await unassign(stop.id);

  await context.setOffline(false);
  const kept = page.getByTestId('sync-kept-message');
  await expect.poll(() => kept.count(), { timeout: 20_000 }).toBe(2);
  return page;
}

describe('offline field records that meet a dispatcher’s change are kept, named and resolved (390×844)', () => {
  it('en: the phone names the visit and what happened; the dispatcher sees who/when/where and accepts', async () => {
    const stop = stops.filter((s) => s.status === 'assigned')[0] as Stop;
    const phone = session?.phone as BrowserSession;
    const at = minutes(stop.slotStart, 10);
    await server.setNow(at);
    await phone.context.clock.setSystemTime(at);
    const page = await offlineDayAgainstUnassign(phone, stop, 'en');
    const messages = await page.getByTestId('sync-kept-message').allTextContents();
    const checkIn = messages.find((m) => m.includes('your check-in'));
    expect(checkIn).toMatch(
      /^Visit to .+, \d\d:\d\d–\d\d:\d\d: your check-in at \d\d:\d\d was kept and sent to the dispatcher/,
    );
    expect(checkIn).toContain('because the visit was taken off your crew by');
    expect(messages.some((m) => m.includes('your “On my way”'))).toBe(true);
    // Nothing vanished silently: the stop left the route, the messages stay until read.
    await page.locator(`[data-stop-id="${stop.id}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('sync-kept').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/field-conflict-message.png` });

    const desk = await openBrowser({ viewport: DESKTOP });
    try {
      await desk.context.clock.setSystemTime(minutes(stop.slotStart, 15));
      await server.setNow(minutes(stop.slotStart, 15));
      await loginAs(desk.page, server.baseUrl, DEMO_USERS.dispatcher);
      await desk.page.waitForURL('**/dispatch*');
      const list = desk.page.getByTestId('field-conflicts');
      await list.waitFor({ timeout: 20_000 });
      const rows = list.locator(`[data-testid="conflict-row"][data-visit-id="${stop.id}"]`);
      expect(await rows.count()).toBe(2);
      const text = await rows.allTextContents();
      expect(text.join(' ')).toMatch(/on the phone \d\d:\d\d/);
      expect(text.join(' ')).toMatch(/\d+ m from the address/);
      expect(text.join(' ')).toContain('taken off the crew');
      await desk.page.getByTestId('tray-conflict').first().waitFor();
      await list.screenshot({ path: `${SHOTS}/dispatch-field-conflicts.png` });
      await desk.page.screenshot({ path: `${SHOTS}/dispatch-field-conflicts-page.png` });
      // Accept the check-in: the visit goes back on the crew, on site at the phone's time and place.
      const checkInRow = rows.filter({ hasText: 'check-in' });
      await checkInRow.getByTestId('conflict-accept').click();
      await list.waitFor({ state: 'detached', timeout: 20_000 });
      const day = await query<{ visits: Array<{ id: string; status: string }> }>(dispatcherApi, 'dispatch.day', {
        teamId,
      });
      expect(day.visits.find((v) => v.id === stop.id)?.status).toBe('on_site');
    } finally {
      await desk.close();
    }
    // The phone reads the messages; the stop is back, on site.
    const oks = page.getByTestId('sync-kept-ok');
    // Each "Understood" is stored before its card goes: wait for it, or the next click lands on a leaving card.
    for (let left = await oks.count(); left > 0; left--) {
      await oks.first().click();
      await expect.poll(() => oks.count(), { timeout: 10_000 }).toBe(left - 1);
    }
    await page.reload();
    await expect
      .poll(() => page.locator(`[data-stop-id="${stop.id}"]`).getAttribute('data-status'), { timeout: 20_000 })
      .toBe('on_site');
  });

  it('zh-CN: the same in Chinese; the dispatcher dismisses with a note', async () => {
    const stop = stops.filter((s) => s.status === 'assigned')[1] as Stop;
    const phone = await openBrowser({ viewport: PHONE, locale: 'zh-CN' });
    try {
      await phone.context.grantPermissions(['geolocation'], { origin: server.baseUrl });
      const at = minutes(stop.slotStart, 10);
      await server.setNow(at);
      await phone.context.clock.setSystemTime(at);
      const page = await offlineDayAgainstUnassign(phone, stop, 'zh');
      const messages = await page.getByTestId('sync-kept-message').allTextContents();
      expect(messages.some((m) => /签到已保存并转交调度员处理/.test(m))).toBe(true);
      await page.getByTestId('sync-kept').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/field-conflict-message-zh.png` });
    } finally {
      await phone.close();
    }
    const desk = await openBrowser({ viewport: DESKTOP, locale: 'zh-CN' });
    try {
      await desk.context.clock.setSystemTime(minutes(stop.slotStart, 15));
      await loginAs(desk.page, server.baseUrl, DEMO_USERS.dispatcher);
      await desk.page.waitForURL('**/dispatch*');
      const list = desk.page.getByTestId('field-conflicts');
      await list.waitFor({ timeout: 20_000 });
      await list.screenshot({ path: `${SHOTS}/dispatch-field-conflicts-zh.png` });
      const row = list.locator(`[data-testid="conflict-row"][data-visit-id="${stop.id}"]`).first();
      await row.getByTestId('conflict-dismiss').click();
      await row.getByTestId('conflict-note').fill('已电话确认，改日重新预约');
      await row.getByTestId('conflict-dismiss-confirm').click();
      await expect
        .poll(() => list.locator(`[data-testid="conflict-row"][data-visit-id="${stop.id}"]`).count(), {
          timeout: 20_000,
        })
        .toBe(1);
    } finally {
      await desk.close();
    }
  });
});
