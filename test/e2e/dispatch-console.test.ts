import { DEMO_USERS } from '@shared/demo';
import { addDays } from '@shared/time';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Day, dragToLane } from './helpers/board';
import { type BrowserSession, loginAs, openBrowser, SHOTS, trpcGet } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;
// The day the shared server's data was seeded for, not the wall clock's (a run may cross midnight in Shanghai).
const TODAY = sharedServer().seedDate;
const TOMORROW = addDays(TODAY, 1);
/** The auto-plan runs on a team-day nobody else's tests use. */
const PLAN_DAY = addDays(TODAY, 3);
const MIN = 60_000;

const sessions: BrowserSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
async function open(user: string) {
  const s = await openBrowser();
  sessions.push(s);
  await loginAs(s.page, baseUrl, user);
  await s.page.waitForURL(/\/(dispatch|admin)/);
  return s;
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await trpcGet(page, path, input);
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body).result.data as T;
}
async function mutate(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ([p, body]) => {
      const res = await fetch(`/trpc/${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        credentials: 'include',
      });
      return { status: res.status, body: await res.text() };
    },
    [path, JSON.stringify(input)] as const,
  );
}
const teamOf = async (page: Page) =>
  (await query<Array<{ id: string }>>(page, 'teams.list', undefined))[0]?.id as string;

/**
 * Tests may run again on the same server: when the tray of the day runs short, visits of crews 2+ (never
 * crew 1, which the field-agent tests own) are put back in the tray through the API first.
 */
async function refillTray(page: Page, teamId: string, date: string, want: number) {
  const day = await query<Day>(page, 'dispatch.day', { teamId, date });
  const short = want - day.visits.filter((v) => v.status === 'unassigned').length;
  const crew1 = day.crews[0]?.id;
  const spare = day.visits.filter((v) => v.status === 'assigned' && v.crewId !== crew1).slice(0, Math.max(0, short));
  for (const v of spare) {
    const r = await mutate(page, 'dispatch.unassign', {
      visitId: v.id,
      version: v.version,
      idempotencyKey: `e2e-refill-${v.id}-${v.version}`,
    });
    expect(r.status, r.body).toBe(200);
  }
  return query<Day>(page, 'dispatch.day', { teamId, date });
}

/** A tray visit and a crew (not crew 1) and time the server accepts, found through dispatch.checkMove. */
async function legalPlacement(page: Page, day: Day, skip: Set<string> = new Set()) {
  const crews = day.crews.slice(1);
  for (const v of day.visits.filter((x) => x.status === 'unassigned' && !skip.has(x.id))) {
    for (let t = new Date(v.slotStart).getTime(); t < new Date(v.slotEnd).getTime(); t += 15 * MIN) {
      for (const c of crews) {
        const arrival = new Date(t).toISOString();
        const r = await query<{ ok: boolean }>(page, 'dispatch.checkMove', { visitId: v.id, crewId: c.id, arrival });
        if (r.ok) return { visit: v, crew: c, arrival };
      }
    }
  }
  throw new Error('no legal placement left in the tray');
}

const boardUrl = (date: string, extra = '') => `${baseUrl}/dispatch?date=${date}${extra}`;

describe('dispatch console in Chromium', () => {
  it('a drag from the tray onto a crew lane is saved; a drag outside the agreed slot is refused with the reason', async () => {
    const { page } = await open(DEMO_USERS.dispatcher);
    const teamId = await teamOf(page);
    const day = await refillTray(page, teamId, TOMORROW, 3);
    await page.goto(boardUrl(TOMORROW));
    await page.getByTestId('calendar-visit').first().waitFor();
    const good = await legalPlacement(page, day);
    await dragToLane(page, good.visit.id, teamId, good.crew.name, new Date(good.arrival));
    const placed = page.locator(`[data-testid="calendar-visit"][data-visit-id="${good.visit.id}"]`);
    await placed.or(page.getByTestId('refusal')).first().waitFor();
    expect(await page.getByTestId('violation').allTextContents(), 'refused instead of saved').toEqual([]);
    await placed.waitFor({ state: 'attached' });
    const after = await query<Day>(page, 'dispatch.day', { teamId, date: TOMORROW });
    const saved = after.visits.find((v) => v.id === good.visit.id);
    expect(saved?.crewId).toBe(good.crew.id);
    expect(saved?.status).toBe('assigned');
    expect(saved?.plannedArrival).toBe(good.arrival);

    // Another tray visit dropped hours after its slot: refused, every reason in plain words, nothing saved.
    const other = after.visits.find((v) => v.status === 'unassigned');
    if (!other) throw new Error('tray empty');
    const late = new Date(new Date(other.slotEnd).getTime() + 3 * 60 * MIN);
    await dragToLane(page, other.id, teamId, good.crew.name, late);
    await page.getByTestId('refusal').waitFor();
    const reasons = await page.getByTestId('violation').allTextContents();
    expect(reasons.join(' ')).toMatch(/outside the agreed slot \d\d:\d\d–\d\d:\d\d/);
    await page.screenshot({ path: `${SHOTS}/dispatch-refused.png` });
    await page.getByTestId('refusal-close').click();
    const still = await query<Day>(page, 'dispatch.day', { teamId, date: TOMORROW });
    expect(still.visits.find((v) => v.id === other.id)?.status).toBe('unassigned');
  });

  it('a second browser sees a change without a reload, and a stale version is refused with who changed it', async () => {
    const a = await open(DEMO_USERS.dispatcher);
    const b = await open(DEMO_USERS.admin);
    const teamId = await teamOf(a.page);
    await refillTray(a.page, teamId, TOMORROW, 2);
    // A writes without waiting for B's stream: a change committed between B's read and its stream joining the bus
    // is sent first, the stream opening from where B's read stood (the next test holds the stream to make sure).
    await b.page.goto(boardUrl(TOMORROW, `&team=${teamId}`));
    await b.page.getByTestId('calendar-visit').first().waitFor();
    await a.page.goto(boardUrl(TOMORROW));
    await a.page.getByTestId('calendar-visit').first().waitFor();
    const day = await query<Day>(a.page, 'dispatch.day', { teamId, date: TOMORROW });
    const p = await legalPlacement(a.page, day);
    const t0 = Date.now();
    const res = await mutate(a.page, 'dispatch.assign', {
      visitId: p.visit.id,
      crewId: p.crew.id,
      arrival: p.arrival,
      version: p.visit.version,
      idempotencyKey: `e2e-live-${p.visit.id}-${t0}`,
    });
    expect(res.status, res.body).toBe(200);
    // Seen without a reload. How soon is printed, not asserted: a timed assertion fails on a loaded machine
    // (2,451 ms once at load 20) and measures the machine, not the product (latency belongs in a bench).
    await b.page.locator(`[data-testid="calendar-visit"][data-visit-id="${p.visit.id}"]`).waitFor({ timeout: 20_000 });
    console.log(`live: second browser saw the assignment after ${Date.now() - t0} ms`);

    // Dispatcher A pauses live updates; the admin pins the visit meanwhile; A's unassign carries the old version.
    await a.page.locator(`[data-testid="calendar-visit"][data-visit-id="${p.visit.id}"]`).waitFor();
    await a.page.getByTestId('live-toggle').click();
    const fresh = (await query<Day>(b.page, 'dispatch.day', { teamId, date: TOMORROW })).visits.find(
      (v) => v.id === p.visit.id,
    );
    const pin = await mutate(b.page, 'dispatch.setPinned', {
      visitId: p.visit.id,
      pinned: true,
      version: fresh?.version,
      idempotencyKey: `e2e-pin-${p.visit.id}-${t0}`,
    });
    expect(pin.status, pin.body).toBe(200);
    await a.page.locator(`[data-testid="calendar-visit"][data-visit-id="${p.visit.id}"]`).click();
    await a.page.getByTestId('assign-unassign').click();
    await a.page.getByTestId('refusal').waitFor();
    const message = await a.page.getByTestId('refusal-message').textContent();
    expect(message).toMatch(/changed by .+ at \d\d:\d\d\. Reload/);
    await a.page.screenshot({ path: `${SHOTS}/dispatch-stale.png` });
    const now = (await query<Day>(a.page, 'dispatch.day', { teamId, date: TOMORROW })).visits.find(
      (v) => v.id === p.visit.id,
    );
    expect(now?.status).toBe('assigned');
  });

  it("a change committed after B's board was read but before B's stream opened reaches B without a reload", async () => {
    const a = await open(DEMO_USERS.dispatcher);
    const b = await open(DEMO_USERS.admin);
    const teamId = await teamOf(a.page);
    const day = await refillTray(a.page, teamId, TOMORROW, 1);
    const p = await legalPlacement(a.page, day);
    // B's stream request is held until A's change has committed: the gap between the read and the stream, made
    // as wide as a slow network makes it.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = new Promise<string>((resolve) => {
      void b.page.route('**/trpc/live.board**', async (route) => {
        resolve(route.request().url());
        await gate;
        await route.continue();
      });
    });
    const streams: string[] = [];
    b.page.on('request', (r) => {
      if (r.url().includes('/trpc/live.board')) streams.push(r.url());
    });
    await b.page.goto(boardUrl(TOMORROW, `&team=${teamId}`));
    await b.page.getByTestId('calendar-visit').first().waitFor();
    const streamUrl = await held;
    const visit = b.page.locator(`[data-testid="calendar-visit"][data-visit-id="${p.visit.id}"]`);
    expect(await visit.count(), 'B read the board before the change').toBe(0);
    // The stream opens from where B's read stood (its `liveFrom`).
    const input = JSON.parse(new URL(streamUrl).searchParams.get('input') ?? '{}') as { lastEventId?: string };
    expect(input.lastEventId).toMatch(/^\d+$/);

    const res = await mutate(a.page, 'dispatch.assign', {
      visitId: p.visit.id,
      crewId: p.crew.id,
      arrival: p.arrival,
      version: p.visit.version,
      idempotencyKey: `e2e-gap-${p.visit.id}-${Date.now()}`,
    });
    expect(res.status, res.body).toBe(200);
    release();
    // No reload, no later event of the team: the stream replays the change it opened after.
    await visit.waitFor({ timeout: 20_000 });
    // A refetch answers a newer position; the open stream keeps its own and is not reopened from it. Once the
    // server's position is past B's start, A's next change makes B refetch a newer one; A's change after that
    // arrives over the same stream (asked after any reopen the previous refetch would have made).
    const read = () => query<Day & { liveFrom: string }>(a.page, 'dispatch.day', { teamId, date: TOMORROW });
    await expect
      .poll(async () => Number((await read()).liveFrom), { timeout: 30_000 })
      .toBeGreaterThan(Number(input.lastEventId));
    const back = await mutate(a.page, 'dispatch.unassign', {
      visitId: p.visit.id,
      version: (await read()).visits.find((v) => v.id === p.visit.id)?.version,
      idempotencyKey: `e2e-gap-back-${p.visit.id}-${Date.now()}`,
    });
    expect(back.status, back.body).toBe(200);
    await visit.waitFor({ state: 'detached', timeout: 20_000 });
    const again = await mutate(a.page, 'dispatch.assign', {
      visitId: p.visit.id,
      crewId: p.crew.id,
      arrival: p.arrival,
      version: (await read()).visits.find((v) => v.id === p.visit.id)?.version,
      idempotencyKey: `e2e-gap-again-${p.visit.id}-${Date.now()}`,
    });
    expect(again.status, again.body).toBe(200);
    await visit.waitFor({ timeout: 20_000 });
    expect(streams).toEqual([streamUrl]);
    await b.page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  it('auto-plan on a demo team-day: preview, apply assigns every feasible visit, the rest keep their reasons', async () => {
    const { page } = await open(DEMO_USERS.dispatcher);
    const teamId = await teamOf(page);
    await page.goto(boardUrl(PLAN_DAY));
    await page.getByTestId('dispatch-tray').waitFor();
    await page.getByTestId('plan-open').click();
    await page.getByTestId('plan-progress').waitFor();
    await page.getByTestId('plan-preview').waitFor({ timeout: 30_000 });
    const crewRows = await page.getByTestId('plan-crew-row').count();
    expect(crewRows).toBeGreaterThanOrEqual(4);
    const reasons = await page.getByTestId('plan-unassigned-reason').allTextContents();
    for (const r of reasons) expect(r.length).toBeGreaterThan(10);
    console.log(`auto-plan: ${await page.getByTestId('plan-time').textContent()}, ${reasons.length} left unassigned`);
    await page.screenshot({ path: `${SHOTS}/dispatch-autoplan-preview.png` });
    await page.getByTestId('plan-apply-all').click();
    await page.getByTestId('plan-modal').waitFor({ state: 'detached' });
    const day = await query<Day>(page, 'dispatch.day', { teamId, date: PLAN_DAY });
    const open_ = day.visits.filter((v) => v.status === 'unassigned');
    expect(open_.length).toBe(reasons.length);
    expect(day.visits.filter((v) => v.status === 'assigned').length + open_.length).toBe(
      day.visits.filter((v) => v.status !== 'cancelled').length,
    );
    expect(day.visits.filter((v) => v.status === 'assigned').length).toBeGreaterThan(10);
    await page.getByTestId('calendar-visit').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/dispatch-autoplan-applied.png` });
  });
});
