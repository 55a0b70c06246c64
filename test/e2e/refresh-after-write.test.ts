/**
 * After a write, a page shows what it wrote even when its first read of the list was still on its way — sent
 * before the write, answered after it (session 25: the crews page kept "no crews" under the report of the two it
 * had just generated). React Query joins such a read instead of sending a new one; the app's QueryClient
 * (client/src/lib/refresh.ts) sends a new one. Each page's first read is held here (helpers/hold-read.ts) until
 * the write has been answered: a deterministic slow read, not a timing.
 */
import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import { afterAll, describe, expect, it } from 'vitest';
import type { Day } from './helpers/board';
import { type BrowserSession, loginAs, openBrowser, SHOTS, trpcGet } from './helpers/browser';
import { holdFirstRead } from './helpers/hold-read';
import { pickFirstTeam } from './helpers/new-user-form';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
// The last demo team (the other e2e files plan the dispatcher's team), two days after the seeded day (the
// wall clock's date may have moved on; TOMORROW and TODAY + 3 belong to other files).
const PLAN_DAY = addDays(sharedServer().seedDate, 2);
const sessions: BrowserSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});
async function signedIn(user: string) {
  const s = await openBrowser({ locale: 'en-US' });
  sessions.push(s);
  await loginAs(s.page, baseUrl, user);
  await s.page.waitForURL(/\/(dispatch|admin)/);
  return s.page;
}
const data = <T>(res: { status: number; body: string }) => {
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body).result.data as T;
};

describe('a write shows on the page even when the page’s first read was answered before it', () => {
  it('a list after a create: the admin’s users list shows the user just created', async () => {
    const page = await signedIn(DEMO_USERS.admin);
    const username = `e2e.held.${Date.now().toString(36)}`;
    const held = await holdFirstRead(page, 'admin.users');
    await page.goto(`${baseUrl}/admin`);
    await held.answered; // The list is read: without the user below.

    await page.getByTestId('new-user').click();
    await page.getByTestId('new-user-form').waitFor();
    await page.getByTestId('new-user-username').fill(username);
    await page.getByTestId('new-user-displayName').fill('E2E 慢读');
    await page.getByTestId('new-user-password').fill('long-enough-password');
    await pickFirstTeam(page);
    const created = page.waitForResponse((r) => r.url().includes('/trpc/admin.createUser'));
    await page.getByTestId('new-user-submit').click();
    expect((await created).status()).toBe(200);
    await held.done(); // The read from before the create reaches the page only now.

    await expect.poll(() => page.getByTestId('users-row').filter({ hasText: username }).count()).toBe(1);
  });

  it('a board after a write: the auto-plan applied while the day was loading shows on the board', async () => {
    const page = await signedIn(DEMO_USERS.admin);
    const teams = data<Array<{ id: string; name: string }>>(await trpcGet(page, 'teams.list'));
    const teamId = teams.at(-1)?.id as string;
    const before = data<Day>(await trpcGet(page, 'dispatch.day', { teamId, date: PLAN_DAY }));
    const held = await holdFirstRead(page, 'dispatch.day');
    await page.goto(`${baseUrl}/dispatch?team=${teamId}&date=${PLAN_DAY}`);
    await held.answered; // The board's day is read: before the plan.
    // Live updates off: the plan's own events would refresh the board later; the dialog's refresh is what's tested.
    await page.getByTestId('live-toggle').click();

    await page.getByTestId('plan-open').click();
    await page.getByTestId('plan-preview').waitFor({ timeout: 60_000 });
    const committed = page.waitForResponse((r) => r.url().includes('/trpc/planning.commit'));
    await page.getByTestId('plan-apply-all').click();
    expect((await committed).status()).toBe(200);
    await held.done();

    await page.getByTestId('plan-modal').waitFor({ state: 'detached' });
    const after = data<Day>(await trpcGet(page, 'dispatch.day', { teamId, date: PLAN_DAY }));
    const count = (d: Day, status: string) => d.visits.filter((v) => v.status === status).length;
    console.log(`board after a held read: unassigned ${count(before, 'unassigned')} → ${count(after, 'unassigned')}`);
    const badge = async (key: string) => (await page.getByTestId(`summary-${key}`).textContent())?.split(': ').at(-1);
    await expect.poll(() => badge('assigned')).toBe(String(count(after, 'assigned')));
    await expect.poll(() => badge('unassigned')).toBe(String(count(after, 'unassigned')));
    await page.screenshot({ path: `${SHOTS}/refresh-after-write-board.png` });
  });
});
