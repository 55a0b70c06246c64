import { mkdirSync } from 'node:fs';
import { DEMO_USERS } from '@shared/demo';
import { localTime, zonedTimeToUtc } from '@shared/time';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isFrozenAt, slotOverUnvisited } from '../helpers/frozen-at';
import { type ClockedServer, startClockedServer } from './field-server';
import { type Day, type DayVisit, dragToLane } from './helpers/board';
import { type BrowserSession, loginAs, openBrowser, SHOTS } from './helpers/browser';
import { api, mutation, query } from './helpers/field-session';

/**
 * Issue #12's "a day at 13:15": the server's clock is fixed at 13:15 Shanghai time on the seeded day, crew 1 has
 * made a morning visit and is out on the next one; the dispatcher sees the now line, is refused a drop before
 * now, and re-plans from now: what is under way, done or past stays, new work lands after 13:15, and the
 * preview said so visit by visit.
 */
mkdirSync(SHOTS, { recursive: true });
const ZONE = 'Asia/Shanghai';
// The seeded day, as the server reports it (set in beforeAll): the wall clock's date may differ by then.
let TODAY = '';
let NOW = new Date(Number.NaN);
const MIN = 60_000;
const at = (hm: string) => zonedTimeToUtc(TODAY, hm, ZONE);

interface RouteStop {
  id: string;
  status: string;
  version: number;
  slotStart: string;
  slotEnd: string;
  plannedArrival: string | null;
  lat: number;
  lng: number;
}

let server: ClockedServer;
let dispatcherApi: APIRequestContext;
let teamId: string;
/** What crew 1 did before 13:15. */
const crew1: { completed?: string; underWay?: string } = {};

beforeAll(async () => {
  // The server's clock starts at 07:30 on the seeded day (field-server), so everyone signs in then, whatever the
  // real hour of the run: a session made at 00:30 Shanghai would expire (12 h) before the scenario's 13:05.
  server = await startClockedServer();
  TODAY = server.seedDate;
  NOW = at('13:15');
  dispatcherApi = await api(server.baseUrl, DEMO_USERS.dispatcher);
  teamId = (await query<Array<{ id: string }>>(dispatcherApi, 'teams.list', undefined))[0]?.id as string;
  const agent = await api(server.baseUrl, DEMO_USERS.agent);
  try {
    const stops = (await query<{ stops: RouteStop[] }>(agent, 'field.today', {})).stops;
    const planned = stops.filter((s) => s.status === 'assigned' && s.plannedArrival);
    // A morning visit made: on the way, checked in inside the slot, outcome recorded.
    const morning = planned.find((s) => new Date(s.slotEnd) <= at('12:00'));
    if (!morning) throw new Error('crew 1 has no morning visit on the seeded day');
    const arrived = new Date(new Date(morning.slotStart).getTime() + 10 * MIN);
    await server.setNow(arrived);
    await mutation(agent, 'field.enRoute', { visitId: morning.id, version: morning.version, clientId: 'noon-m-1' });
    const { version } = await mutation<{ version: number }>(agent, 'field.checkIn', {
      visitId: morning.id,
      version: morning.version + 1,
      clientId: 'noon-m-2',
      at: arrived.toISOString(),
      lat: morning.lat,
      lng: morning.lng,
    });
    await mutation(agent, 'field.recordOutcome', {
      visitId: morning.id,
      clientId: 'noon-m-3',
      code: 'refused',
      idShown: true,
    });
    expect(version).toBeGreaterThan(morning.version);
    crew1.completed = morning.id;
    // At 13:05 the crew sets out for its next stop, and checks in if that slot is already open.
    const next = planned.find((s) => s.id !== morning.id && new Date(s.slotEnd) > NOW);
    if (!next) throw new Error('crew 1 has no afternoon visit on the seeded day');
    const setOut = at('13:05');
    await server.setNow(setOut);
    await mutation(agent, 'field.enRoute', { visitId: next.id, version: next.version, clientId: 'noon-n-1' });
    if (new Date(next.slotStart) <= setOut) {
      await mutation(agent, 'field.checkIn', {
        visitId: next.id,
        version: next.version + 1,
        clientId: 'noon-n-2',
        at: setOut.toISOString(),
        lat: next.lat,
        lng: next.lng,
      });
    }
    crew1.underWay = next.id;
  } finally {
    await agent.dispose();
  }
  // Frozen: the preview says "from 13:15", and a loaded machine took over a minute to get there (it said 13:16).
  await server.setNow(NOW, { frozen: true });
}, 240_000);
afterAll(async () => {
  await dispatcherApi?.dispose();
  await server?.stop();
});

const sessions: BrowserSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
async function board(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const s = await openBrowser({ locale });
  sessions.push(s);
  await loginAs(s.page, server.baseUrl, DEMO_USERS.dispatcher);
  await s.page.waitForURL(/\/dispatch/);
  await s.page.goto(`${server.baseUrl}/dispatch?date=${TODAY}`);
  await s.page.getByTestId('calendar-visit').first().waitFor();
  return s.page;
}
const readDay = () => query<Day>(dispatcherApi, 'dispatch.day', { teamId, date: TODAY });

/** The now line sits between the 13:00 and 13:30 columns of the team's day, with the time before it shaded. */
async function expectNowLine(page: Page) {
  const line = page.locator('.fc-timeline-now-indicator-line').first();
  await line.waitFor();
  const slot = (hm: string) => page.locator(`.fc-timeline-body td.fc-timeline-slot[data-date="${TODAY}T${hm}:00"]`);
  await slot('13:00').evaluate((el) => el.scrollIntoView({ inline: 'center', block: 'nearest' }));
  const [x, from, to] = await Promise.all([
    line.boundingBox(),
    slot('13:00').boundingBox(),
    slot('13:30').boundingBox(),
  ]);
  if (!x || !from || !to) throw new Error('now line geometry not found');
  // 13:15 is half-way across the 13:00 column.
  expect(Math.abs(x.x - (from.x + (to.x - from.x) / 2))).toBeLessThan(to.x - from.x);
  expect(await page.locator('.ds-past').count()).toBeGreaterThan(0);
}

describe('a day at 13:15 in Chromium', () => {
  it('the board shows the now line in the team zone and refuses a drop before now with the reason', async () => {
    let day = await readDay();
    // A tray visit whose slot began well before now (crew 1's visits belong to the field tests' agent).
    let tray = day.visits.find((v) => v.status === 'unassigned' && new Date(v.slotStart) < at('12:30'));
    if (!tray) {
      const taken = day.visits.find(
        (v) => v.status === 'assigned' && v.crewId !== day.crews[0]?.id && new Date(v.slotStart) < at('12:30'),
      ) as DayVisit;
      await mutation(dispatcherApi, 'dispatch.unassign', {
        visitId: taken.id,
        version: taken.version,
        idempotencyKey: `noon-tray-${taken.id}`,
      });
      day = await readDay();
      tray = day.visits.find((v) => v.id === taken.id) as DayVisit;
    }
    const page = await board('en-US');
    await expectNowLine(page);
    await page.screenshot({ path: `${SHOTS}/dispatch-day-1315-board.png` });

    const crew = day.crews[1] as { id: string; name: string };
    const past = new Date(Math.max(new Date(tray.slotStart).getTime(), at('09:00').getTime()));
    await dragToLane(page, tray.id, teamId, crew.name, past);
    await page.getByTestId('refusal').waitFor();
    const reasons = (await page.getByTestId('violation').allTextContents()).join(' ');
    expect(reasons).toContain(`Arrival ${localTime(past, ZONE)} is before now (13:15)`);
    await page.screenshot({ path: `${SHOTS}/dispatch-day-1315-refused.png` });
    await page.getByTestId('refusal-close').click();
    expect((await readDay()).visits.find((v) => v.id === tray?.id)?.status).toBe('unassigned');

    const zh = await board('zh-CN');
    await expectNowLine(zh);
    await zh.screenshot({ path: `${SHOTS}/dispatch-day-1315-board-zh.png` });
  });

  it('re-plan from now keeps what is under way, done or past, plans only after now, and its preview lists every change', async () => {
    // The preview in Chinese first (not applied), then in English, applied.
    const zh = await board('zh-CN');
    await zh.getByTestId('replan-open').click();
    await zh.getByTestId('plan-preview').waitFor({ timeout: 30_000 });
    expect(await zh.getByTestId('plan-kept').textContent()).toContain('自 13:15 起排班');
    await zh.screenshot({ path: `${SHOTS}/dispatch-day-1315-preview-zh.png` });
    await zh.keyboard.press('Escape');

    const before = await readDay();
    expect(before.visits.find((v) => v.id === crew1.completed)?.status).toBe('completed');
    expect(['en_route', 'on_site']).toContain(before.visits.find((v) => v.id === crew1.underWay)?.status);
    const page = await board('en-US');
    await page.getByTestId('replan-open').click();
    await page.getByTestId('plan-preview').waitFor({ timeout: 30_000 });
    const kept = before.visits.filter((v) => isFrozenAt(v, NOW));
    expect(await page.getByTestId('plan-kept').textContent()).toBe(
      `Planned from 13:15 · ${kept.length} visits under way, done or past stay where they are`,
    );
    const rows = page.getByTestId('plan-change');
    const listed = new Map<string, string>();
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      listed.set(
        (await row.getAttribute('data-visit-id')) as string,
        `${await row.getAttribute('data-kind')}: ${await row.getByTestId('plan-change-text').textContent()}`,
      );
    }
    await page.screenshot({ path: `${SHOTS}/dispatch-day-1315-preview.png` });
    await page.getByTestId('plan-apply-all').click();
    await page.getByTestId('plan-modal').waitFor({ state: 'detached' });

    const after = new Map((await readDay()).visits.map((v) => [v.id, v]));
    const changed: string[] = [];
    for (const b of before.visits) {
      const a = after.get(b.id) as DayVisit;
      const where = `${b.status} ${b.id} ${localTime(new Date(b.slotStart), ZONE)}–${localTime(new Date(b.slotEnd), ZONE)}`;
      if (isFrozenAt(b, NOW)) {
        expect({ crewId: a.crewId, arrival: a.plannedArrival, position: a.routePosition }, where).toEqual({
          crewId: b.crewId,
          arrival: b.plannedArrival,
          position: b.routePosition,
        });
      } else if (a.status === 'assigned') {
        expect(new Date(a.plannedArrival as string) >= NOW, `${where} planned at ${a.plannedArrival}`).toBe(true);
      }
      // Missed only by the missed-slot rule: the slot is over and nobody set out.
      if (slotOverUnvisited(b, NOW)) expect(a.status, where).toBe('missed');
      else if (a.status === 'missed') expect(b.status, where).toBe('missed');
      if (a.status !== b.status || a.crewId !== b.crewId || a.plannedArrival !== b.plannedArrival) changed.push(b.id);
    }
    // The preview listed exactly the visits that changed, each in a sentence.
    expect([...listed.keys()].sort()).toEqual(changed.sort());
    for (const [id, text] of listed) {
      const b = before.visits.find((v) => v.id === id) as DayVisit;
      if (slotOverUnvisited(b, NOW)) expect(text).toMatch(/^missed: .*the slot \d\d:\d\d–\d\d:\d\d is over/);
      else if (after.get(id)?.crewId === null) expect(text).toMatch(/^unassign: was on .+, now unassigned because: .+/);
      else expect(text).toMatch(/^(move: was on .+ at \d\d:\d\d|assign: was in the tray), now .+ at \d\d:\d\d$/);
    }
    expect(after.get(crew1.completed as string)?.status).toBe('completed');
    expect(['en_route', 'on_site']).toContain(after.get(crew1.underWay as string)?.status);
    await page.locator('.fc-timeline-now-indicator-line').first().waitFor();
  });
});
