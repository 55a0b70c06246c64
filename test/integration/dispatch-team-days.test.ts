/**
 * The week overview of "All my teams" (issue #19): `dispatch.teamDays` counts each team's days in SQL; its
 * numbers are the board's own (`dispatch.day`'s summary and crews) for every day of the week, without a date
 * the week starts at the day board's today (the server's), and a team the caller does not see is refused as unknown.
 */
import { ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { teams } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { addDays, localDate } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

describe('the week of several teams, counted', () => {
  const demo = setUpDemoCity();

  it("matches each team-day's board and refuses a team the caller does not see", async () => {
    const admin = createCaller(makeContext(demo.handle, demo.users.admin));
    const [other] = await demo.handle.db.select({ id: teams.id }).from(teams).where(ne(teams.id, demo.teamId)).limit(1);
    const teamIds = [demo.teamId, other?.id as string];
    const from = addDays(TODAY, -2);
    const { days } = await admin.dispatch.teamDays({ teamIds, from, days: 7 });
    expect(days).toHaveLength(14);
    let visits = 0;
    for (const d of days) {
      const board = await admin.dispatch.day({ teamId: d.teamId, date: d.date });
      const { total, unassigned, assigned, underWay, completed, missed, cancelled } = board.summary;
      expect(d, `${d.teamId} ${d.date}`).toEqual({
        teamId: d.teamId,
        date: d.date,
        total,
        unassigned,
        assigned,
        underWay,
        completed,
        missed,
        cancelled,
        crews: board.crews.length,
      });
      visits += d.total;
    }
    // The demo city has work in the week: the comparison above is not of zeros only.
    expect(visits).toBeGreaterThan(0);
    expect((await admin.dispatch.teamDays({ teamIds, from, days: 7 })).from).toBe(from);

    // No date: the week from the day "All my teams" shows without one (the server's today, one rule for both),
    // at a clock two days from the wall clock's, so the answer cannot be the browser's day by chance.
    const now = new Date(Date.now() + 2 * 86_400_000);
    const skewed = createCaller(makeContext(demo.handle, demo.users.admin, { now }));
    const undated = await skewed.dispatch.teamDays({ teamIds, days: 7 });
    const [first] = await admin.teams.list();
    expect(undated.from).toBe((await skewed.dispatch.teamsPage({ page: 1 })).date);
    expect(undated.from).toBe(localDate(now, first?.timeZone as string));
    expect(undated.days.map((d) => d.date)).toContain(addDays(undated.from, 6));

    const dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    await expect(dispatcher.dispatch.teamDays({ teamIds, from, days: 7 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(dispatcher.dispatch.teamDays({ teamIds: [demo.teamId], from, days: 8 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  }, 120_000);
});
