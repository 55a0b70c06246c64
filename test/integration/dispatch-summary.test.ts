import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { isIn, UNDER_WAY } from '../../shared/domain/visit-lifecycle';
import { addDays } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

describe('the board’s day summary: chips that count different things, a total without cancelled visits', () => {
  const demo = setUpDemoCity();

  it('yesterday (visits made, missed, one cancelled): the chips add up to the total, each a different set', async () => {
    const teamId = demo.teamId;
    const date = addDays(TODAY, -1);
    const dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    // One of the day's visits is called off (the borrower paid): it leaves the day's total.
    const [one] = await demo.handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, date), eq(visits.status, 'completed')))
      .limit(1);
    if (one) await demo.handle.db.update(visits).set({ status: 'cancelled' }).where(eq(visits.id, one.id));

    const board = await dispatcher.dispatch.day({ teamId, date });
    const s = board.summary;
    const count = (pred: (status: string) => boolean) => board.visits.filter((v) => pred(v.status)).length;
    expect(count((st) => st === 'cancelled')).toBeGreaterThan(0);
    expect(s.total).toBe(count((st) => st !== 'cancelled'));
    expect(s.cancelled).toBe(count((st) => st === 'cancelled'));
    expect(s.unassigned).toBe(count((st) => st === 'unassigned'));
    expect(s.assigned).toBe(count((st) => st === 'assigned'));
    expect(s.underWay).toBe(count((st) => isIn(UNDER_WAY, st)));
    expect(s.completed).toBe(count((st) => st === 'completed'));
    expect(s.missed).toBe(count((st) => st === 'missed'));
    expect(s.unassigned + s.assigned + s.underWay + s.completed + s.missed).toBe(s.total);
    // A made visit had a crew too, but it is not "assigned" any more: the chips no longer say the same.
    expect(s.completed).toBeGreaterThan(0);
    expect(s).not.toHaveProperty('planned');
  });
});
