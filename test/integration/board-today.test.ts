import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { crews, fieldConflicts, policySettings, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { addDays, zonedTimeToUtc } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';

/**
 * A board asked without a date is "today in the team's zone". Its four reads (the team and policy, the crews, the
 * visits, the open field records) each reckon that day in their own statement and run at once
 * (dispatch.board.ts, server/db/sql/team-day.sql.ts): they must agree with each other, with the board's `date`, and
 * with the board asked for that date, whatever the clock does between them.
 */
describe('the board of today: every read on the same day (real router, real DB)', () => {
  const demo = setUpDemoCity();
  const afterMidnight = zonedTimeToUtc(TODAY, '00:30', 'Asia/Shanghai');
  const boardAt = (now: Date | (() => Date), input: { teamId?: string; date?: string } = {}) => {
    const ctx = makeContext(demo.handle, demo.users.dispatcher);
    ctx.now = typeof now === 'function' ? now : () => now;
    return createCaller(ctx).dispatch.day({ teamId: input.teamId ?? demo.teamId, date: input.date });
  };
  /** What depends on the day (not the live position, which moves with other tests' writes). */
  const ofDay = ({ liveFrom: _, ...board }: Awaited<ReturnType<typeof boardAt>>) => board;

  beforeAll(async () => {
    // An open field record on today's first crew visit, so the conflict markers are part of the day too.
    // The agent's route of today names their crew and its visits (the phone's read).
    const agentId = demo.users.agent.agentId as string;
    const route = await createCaller(makeContext(demo.handle, demo.users.agent)).field.today({ date: TODAY });
    const crewId = route.crew?.id as string;
    const [visit] = await demo.handle.db
      .select({ id: visits.id, teamId: visits.teamId, status: visits.status, version: visits.version })
      .from(visits)
      .where(eq(visits.id, route.stops[0]?.id as string));
    if (!visit) throw new Error('the demo agent has no stop today');
    const at = new Date(afterMidnight.getTime() - 60_000);
    await demo.handle.db.insert(fieldConflicts).values({
      teamId: visit.teamId,
      visitId: visit.id,
      crewId,
      agentId,
      userId: demo.users.agent.id,
      action: 'en_route',
      clientId: `board-today-${randomUUID()}`,
      payload: {},
      recordedAt: at,
      receivedAt: at,
      reason: 'moved',
      reasonAt: at,
      visitStatus: visit.status,
      visitVersion: visit.version,
    });
  }, 120_000);

  it('half past midnight in Shanghai: crews, visits and conflicts are the zone day, as when the date is asked', async () => {
    const implied = await boardAt(afterMidnight);
    const asked = await boardAt(afterMidnight, { date: TODAY });
    expect(implied.date).toBe(TODAY);
    expect(ofDay(implied)).toEqual(ofDay(asked));
    expect(implied.crews.length).toBeGreaterThan(0);
    expect(implied.crews.every((c) => c.workDate === TODAY)).toBe(true);
    expect(implied.visits.length).toBeGreaterThan(10);
    expect(implied.conflicts.length).toBe(1);
    const todays = await demo.handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(and(eq(visits.teamId, demo.teamId), eq(visits.visitDate, TODAY)));
    expect(implied.visits.map((v) => v.id).sort()).toEqual(todays.map((v) => v.id).sort());

    // An hour earlier it is still the day before there: another day's crews, and none of today's visits or records.
    const hourBefore = new Date(afterMidnight.getTime() - 60 * 60_000);
    const before = await boardAt(hourBefore);
    expect(before.date).toBe(addDays(TODAY, -1));
    expect(ofDay(before)).toEqual(ofDay(await boardAt(hourBefore, { date: addDays(TODAY, -1) })));
    expect(before.crews.every((c) => c.workDate === addDays(TODAY, -1))).toBe(true);
    expect(before.conflicts).toEqual([]);
    const todayIds = new Set(todays.map((v) => v.id));
    expect(before.visits.some((v) => todayIds.has(v.id))).toBe(false);
  });

  it('one instant for all the reads: a clock that passes midnight while the board is read does not mix two days', async () => {
    // Each call of the clock is a minute later, from one minute before midnight: a read that asked the clock again
    // would reckon the next day.
    let calls = 0;
    const moving = () => new Date(afterMidnight.getTime() - 31 * 60_000 + calls++ * 60_000);
    const board = await boardAt(moving);
    expect(board.date).toBe(addDays(TODAY, -1));
    expect(ofDay(board)).toEqual(ofDay(await boardAt(new Date(afterMidnight.getTime() - 31 * 60_000))));
    expect(board.crews.every((c) => c.workDate === addDays(TODAY, -1))).toBe(true);
    expect(board.conflicts).toEqual([]);
  });

  it("each read takes the team's own zone: a team in Honolulu at half past midnight in Shanghai is on the day before", async () => {
    const zones = await demo.handle.db
      .select({ effectiveFrom: policySettings.effectiveFrom, timeZone: policySettings.timeZone })
      .from(policySettings)
      .where(eq(policySettings.teamId, demo.teamId));
    try {
      await demo.handle.db
        .update(policySettings)
        .set({ timeZone: 'Pacific/Honolulu' })
        .where(eq(policySettings.teamId, demo.teamId));
      const board = await boardAt(afterMidnight);
      expect(board.team.timeZone).toBe('Pacific/Honolulu');
      expect(board.date).toBe(addDays(TODAY, -1));
      const asked = await boardAt(afterMidnight, { date: addDays(TODAY, -1) });
      expect(ofDay(board)).toEqual(ofDay(asked));
      expect(board.conflicts).toEqual([]);
      const yesterdays = await demo.handle.db
        .select({ id: crews.id })
        .from(crews)
        .where(and(eq(crews.teamId, demo.teamId), eq(crews.workDate, addDays(TODAY, -1))));
      expect(board.crews.map((c) => c.id).sort()).toEqual(yesterdays.map((c) => c.id).sort());
    } finally {
      for (const z of zones) {
        await demo.handle.db
          .update(policySettings)
          .set({ timeZone: z.timeZone })
          .where(and(eq(policySettings.teamId, demo.teamId), eq(policySettings.effectiveFrom, z.effectiveFrom)));
      }
    }
  });

  it("a board visit's fields, in the order the client has them (each built once, its tray reason added in place)", async () => {
    const board = await boardAt(afterMidnight);
    const fields = [
      'id',
      'status',
      'visitType',
      'slotStart',
      'slotEnd',
      'plannedArrival',
      'routePosition',
      'crewId',
      'borrowerName',
      'borrowerPhone',
      'district',
      'addressText',
      'lat',
      'lng',
      'overdueAmountCents',
      'daysPastDue',
      'priority',
      'pinned',
      'version',
      'trayReason',
    ];
    for (const v of board.visits) expect(Object.keys(v)).toEqual(fields);
    expect(board.visits.filter((v) => v.status !== 'unassigned').every((v) => v.trayReason === null)).toBe(true);
  });

  it('a team nobody may see, or that does not exist, is NOT_FOUND with nothing of its day', async () => {
    const err = await boardAt(afterMidnight, { teamId: randomUUID() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('NOT_FOUND');
    const admin = makeContext(demo.handle, demo.users.admin);
    admin.now = () => afterMidnight;
    const unknown = await createCaller(admin)
      .dispatch.day({ teamId: randomUUID() })
      .catch((e: unknown) => e);
    expect((unknown as TRPCError).code).toBe('NOT_FOUND');
    expect(JSON.stringify(unknown)).not.toMatch(/visit|crew|borrower/i);
  });
});
