import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { isIn, UNDER_WAY } from '../../shared/domain/visit-lifecycle';
import { addDays } from '../../shared/time';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';

describe('the board’s day summary: chips that count different things, a total without cancelled visits', () => {
  let handle: DbHandle;
  let users: Awaited<ReturnType<typeof seedDemoUsers>>;

  beforeAll(async () => {
    handle = await createTestDb();
    users = await seedDemoUsers(handle);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('yesterday (visits made, missed, one cancelled): the chips add up to the total, each a different set', async () => {
    const teamId = users.dispatcher.teamIds[0] as string;
    const date = addDays(TODAY, -1);
    const dispatcher = createCaller(makeContext(handle, users.dispatcher));
    // One of the day's visits is called off (the borrower paid): it leaves the day's total.
    const [one] = await handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, date), eq(visits.status, 'completed')))
      .limit(1);
    if (one) await handle.db.update(visits).set({ status: 'cancelled' }).where(eq(visits.id, one.id));

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
