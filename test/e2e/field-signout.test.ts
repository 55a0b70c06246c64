import { DEMO_USERS } from '@shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClockedServer } from './field-server';
import { type BrowserSession, loginAs, trpcGet } from './helpers/browser';
import { dataOf, type FieldSession, minutes, type Stop, startFieldSession } from './helpers/field-session';

let server: ClockedServer;
let stops: Stop[];
let phone: BrowserSession;

let session: FieldSession | undefined;
beforeAll(async () => {
  session = await startFieldSession();
  ({ server, stops, phone } = session);
}, 240_000);
afterAll(() => session?.close());

describe('a shared phone (390×844)', () => {
  it('sign-out on a shared phone asks about unsent actions, then forgets the queue and the cached route', async () => {
    const { page, context } = phone;
    const stop = stops.find((s) => s.status === 'assigned') as Stop;
    expect(stop).toBeTruthy();
    await server.setNow(minutes(stop.slotStart, -30));
    await context.clock.setSystemTime(minutes(stop.slotStart, -30));
    await loginAs(page, server.baseUrl, DEMO_USERS.agent);
    await page.waitForURL('**/my-route');
    // Once the service worker controls the page, the next load (and who is signed in) goes through it.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    const card = page.locator(`[data-stop-id="${stop.id}"]`);
    await card.waitFor();
    // Answers the worker keeps that name this agent (after sign-out it may keep the signed-out "who am I").
    const cachedAnswers = () =>
      page.evaluate(async (username) => {
        let n = 0;
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const r of await cache.keys()) {
            if (!new URL(r.url).pathname.startsWith('/trpc/')) continue;
            if ((await (await cache.match(r))?.text())?.includes(`"${username}"`)) n++;
          }
        }
        return n;
      }, DEMO_USERS.agent);
    const queued = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('doorstep-field', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('queue', { keyPath: 'clientId' });
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('queue').objectStore('queue').count();
              req.onsuccess = () => {
                open.result.close();
                resolve(req.result);
              };
            };
          }),
      );
    // The phone keeps the last route for offline use (names, addresses) in localStorage; the service worker keeps
    // who is signed in. Sign-out forgets both.
    const keptLocally = () =>
      page.evaluate(() => Object.keys(localStorage).filter((k) => /^doorstep-(route|badge)-/.test(k)).length);
    await expect.poll(keptLocally).toBeGreaterThan(0);
    await expect.poll(cachedAnswers, { timeout: 20_000 }).toBeGreaterThan(0);

    await context.setOffline(true);
    await card.getByTestId('stop-en-route').click();
    await page.getByTestId('sync-waiting').waitFor();
    expect(await queued()).toBe(1);

    const dialogs: string[] = [];
    let accept = false;
    const onDialog = (d: import('playwright-core').Dialog) => {
      dialogs.push(d.message());
      void (accept ? d.accept() : d.dismiss());
    };
    page.on('dialog', onDialog);
    try {
      await page.getByTestId('logout').click();
      await expect.poll(() => dialogs.length).toBe(1);
      expect(dialogs[0]).toContain('1 action');
      // Declined: still signed in, nothing deleted.
      expect(page.url()).toContain('/my-route');
      expect(await queued()).toBe(1);

      // Accepted while offline: only the server can end the session, so the phone says so and keeps everything.
      accept = true;
      await page.getByTestId('logout').click();
      await page.getByText('Signing out needs a connection').waitFor();
      expect(dialogs).toHaveLength(2);
      expect(page.url()).toContain('/my-route');
      expect(await queued()).toBe(1);

      await page.getByRole('alert').filter({ hasText: 'Signing out needs a connection' }).getByRole('button').click();

      // Online again the waiting action is delivered; then sign-out goes through (asking again if it has not).
      await context.setOffline(false);
      await page.getByTestId('sync-panel').waitFor({ state: 'detached', timeout: 20_000 });
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login*');
    } finally {
      page.off('dialog', onDialog);
      await context.setOffline(false);
    }
    const me = await trpcGet(page, 'auth.me', {});
    expect(dataOf<unknown>(me.body)).toBeNull();
    expect(await queued()).toBe(0);
    expect(await cachedAnswers()).toBe(0);
    expect(await keptLocally()).toBe(0);
  });
});
