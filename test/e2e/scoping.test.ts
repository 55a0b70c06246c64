import { DEMO_USERS } from '@shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, PHONE, trpcGet } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';

const baseUrl = sharedServer().baseUrl;

interface Visit {
  id: string;
  crewId: string | null;
  borrowerName: string;
  overdueAmountCents: number;
}

const resultOf = <T>(body: string): T => (JSON.parse(body) as { result: { data: T } }).result.data;

let agent: BrowserSession;
let dispatcher: BrowserSession;

beforeAll(async () => {
  [agent, dispatcher] = await Promise.all([openBrowser({ viewport: PHONE }), openBrowser()]);
  await Promise.all([
    loginAs(agent.page, baseUrl, DEMO_USERS.agent),
    loginAs(dispatcher.page, baseUrl, DEMO_USERS.dispatcher),
  ]);
  await Promise.all([agent.page.waitForURL('**/my-route'), dispatcher.page.waitForURL('**/dispatch*')]);
});
afterAll(async () => {
  await Promise.all([agent?.close(), dispatcher?.close()]);
});

describe('an agent sees only their own crew’s visits', () => {
  it('gets NOT_FOUND (as for an id that does not exist) and no data for a visit of another crew', async () => {
    const route = await trpcGet(agent.page, 'field.today', {});
    expect(route.status).toBe(200);
    const mine = resultOf<{ crew: { id: string } | null; stops: { id: string }[] }>(route.body);
    expect(mine.stops.length).toBeGreaterThan(0);

    const teams = resultOf<{ id: string }[]>((await trpcGet(dispatcher.page, 'teams.list')).body);
    const visits: Visit[] = [];
    for (const team of teams) {
      const day = await trpcGet(dispatcher.page, 'dispatch.day', { teamId: team.id });
      expect(day.status).toBe(200);
      visits.push(...resultOf<{ visits: Visit[] }>(day.body).visits);
    }
    const ownIds = new Set(mine.stops.map((s) => s.id));
    const other = visits.find((v) => v.crewId !== null && v.crewId !== mine.crew?.id && !ownIds.has(v.id));
    expect(other, 'the dispatcher should see a visit of another crew').toBeDefined();
    if (!other) return;

    const denied = await trpcGet(agent.page, 'visits.get', { id: other.id });
    // Out of scope answers exactly as an id that does not exist (visits.service), so nothing tells it exists.
    expect(denied.status).toBe(404);
    const error = (JSON.parse(denied.body) as { error: { data: { appCode: string } } }).error;
    expect(error.data.appCode).toBe('NOT_FOUND');
    expect(denied.body).not.toContain(other.borrowerName);
    expect(denied.body).not.toContain(String(other.overdueAmountCents));
    expect(denied.body).not.toContain('"result"');
  });

  it('can open a visit on their own route', async () => {
    const mine = resultOf<{ stops: { id: string }[] }>((await trpcGet(agent.page, 'field.today', {})).body);
    const first = mine.stops[0];
    expect(first).toBeDefined();
    const own = await trpcGet(agent.page, 'visits.get', { id: first?.id });
    expect(own.status).toBe(200);
  });

  it('is refused the dispatcher’s day view', async () => {
    const teams = resultOf<{ id: string }[]>((await trpcGet(dispatcher.page, 'teams.list')).body);
    const res = await trpcGet(agent.page, 'dispatch.day', { teamId: teams[0]?.id });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('borrowerName');
  });
});
