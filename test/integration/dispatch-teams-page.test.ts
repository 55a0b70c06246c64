/**
 * The first screen of "All my teams" (issue #19), answered at startup by `dispatch.teamsPage`: its team list is
 * `teams.list` and its boards are `dispatch.day` for exactly the teams the screen's pager shows on that page, so
 * the page can use them as its own. Every caller gets only the teams they see; hostile input is a 400.
 */
import { describe, expect, it } from 'vitest';
import { createCaller } from '../../server/trpc/root';
import { pageOfTeams } from '../../shared/domain/team-pages';
import { localDate } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

describe('the first page of all my teams, in one read', () => {
  const demo = setUpDemoCity();

  it("is the team list and the boards of that page's teams, for each role", async () => {
    // One clock for both reads: the boards' "at risk" and `now` are then the same whatever the wall clock says.
    const now = new Date();
    for (const role of ['admin', 'manager', 'dispatcher'] as const) {
      const caller = createCaller(makeContext(demo.handle, demo.users[role], { now }));
      const list = await caller.teams.list();
      expect(list.length, role).toBeGreaterThan(0);
      const answer = await caller.dispatch.teamsPage({ date: TODAY, page: 1 });
      expect(answer.teams, role).toEqual(list);
      expect(answer.page).toBe(1);
      expect(answer.date).toBe(TODAY);
      const shown = pageOfTeams(
        list.map((t) => t.id),
        1,
      ).ids;
      expect(answer.days.map((d) => d.team.id)).toEqual(shown);
      for (const d of answer.days) {
        expect(d, `${role} ${d.team.name}`).toEqual(await caller.dispatch.day({ teamId: d.team.id, date: TODAY }));
      }
      // A page past the last is the last page, as the pager clamps it.
      const last = pageOfTeams(
        list.map((t) => t.id),
        999,
      );
      const far = await caller.dispatch.teamsPage({ date: TODAY, page: 999 });
      expect(far.page).toBe(last.page);
      expect(far.days.map((d) => d.team.id)).toEqual(last.ids);
    }
    // The demo city has work that day: the comparison above is not of empty boards only.
    const admin = createCaller(makeContext(demo.handle, demo.users.admin, { now }));
    const { days } = await admin.dispatch.teamsPage({ date: TODAY, page: 1 });
    expect(days.reduce((n, d) => n + d.visits.length, 0)).toBeGreaterThan(0);
    // No date: the day the page shows without one, today where the first team works (at this test's clock).
    const [first] = await admin.teams.list();
    const undated = await admin.dispatch.teamsPage({ page: 1 });
    expect(undated.date).toBe(localDate(now, first?.timeZone as string));
  }, 120_000);

  it('refuses a field agent and names the bad field', async () => {
    const agent = createCaller(makeContext(demo.handle, demo.users.agent));
    await expect(agent.dispatch.teamsPage({ date: TODAY, page: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = createCaller(makeContext(demo.handle, demo.users.admin));
    await expect(admin.dispatch.teamsPage({ date: TODAY, page: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('page'),
    });
    await expect(admin.dispatch.teamsPage({ date: '2026-02-30', page: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('date'),
    });
  }, 60_000);
});
