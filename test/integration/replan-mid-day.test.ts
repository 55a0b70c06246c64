import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, teams as teamsTable } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { localTime } from '../../shared/time';
import { isFrozenAt } from '../helpers/frozen-at';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { arrangeMidDay, type DayRow, NOW, readDay, ZONE } from './helpers/mid-day';
import { settledPlan, usePlanners } from './helpers/plan-run';

type Caller = ReturnType<typeof createCaller>;
type Preview = NonNullable<Awaited<ReturnType<Caller['planning']['status']>>['preview']>;

const hm = (d: Date | string | null) => (d ? localTime(new Date(d), ZONE) : '—');

/**
 * Issue #12, defect 1: at 13:15 a re-plan (from now, or of the whole day) used to send visits under way or past
 * back to the tray and explain the rest with a false "outside every shift". Everything here runs on the
 * real router with the clock fixed at 13:15 Shanghai time.
 */
describe('re-planning at 13:15 keeps what is under way, done or past, and plans only after now', () => {
  const demo = setUpDemoCity();
  usePlanners(demo);
  let teams: string[];

  beforeAll(async () => {
    teams = (await demo.handle.db.select({ id: teamsTable.id }).from(teamsTable).orderBy(teamsTable.name)).map(
      (t) => t.id,
    );
  }, 120_000);

  /** Plans the team's day at 13:15, checks the preview, applies it and returns the day before and after. */
  async function planAtNoon(caller: Caller, teamId: string, fromNow: boolean) {
    const arranged = await arrangeMidDay(demo.handle, teamId);
    const before = await readDay(demo.handle, teamId);
    const started = await caller.planning.start({ teamId, date: TODAY, fromNow, timeLimitMs: 1000 });
    const status = await settledPlan(caller, started.runId);
    expect(status.state, status.error ?? '').toBe('done');
    const preview = status.preview as Preview;
    const applied = await caller.planning.commit({ runId: started.runId, idempotencyKey: `noon-${started.runId}` });
    const after = await readDay(demo.handle, teamId);
    return { arranged, before, preview, applied, after };
  }

  /** Every visit under way, done or past is where it was; every other placement is after now. */
  function expectFrozenKept(before: DayRow[], after: DayRow[]) {
    const now = new Map(after.map((v) => [v.id, v]));
    for (const b of before) {
      const a = now.get(b.id) as DayRow;
      if (isFrozenAt(b, NOW)) {
        const where = `${b.status} visit ${b.id} (${hm(b.slotStart)}–${hm(b.slotEnd)} at ${hm(b.plannedArrival)})`;
        expect({ crewId: a.crewId, arrival: a.plannedArrival, position: a.routePosition }, where).toEqual({
          crewId: b.crewId,
          arrival: b.plannedArrival,
          position: b.routePosition,
        });
        // Never made and its slot is over: missed by the rule; anything else keeps its status.
        expect(a.status, where).toBe(b.status === 'assigned' && b.slotEnd < NOW ? 'missed' : b.status);
      } else if (a.status === 'assigned') {
        expect(a.plannedArrival?.getTime(), `${b.id} planned into the past`).toBeGreaterThanOrEqual(NOW.getTime());
      }
    }
  }

  it('"Re-plan from now": under way, done and past visits stay put, a past tray slot is missed, new work after 13:15', async () => {
    const caller = createCaller(makeContext(demo.handle, demo.users.dispatcher, { now: NOW }));
    const teamId = demo.teamId;
    const { arranged, before, after } = await planAtNoon(caller, teamId, true);
    expectFrozenKept(before, after);
    const byId = new Map(after.map((v) => [v.id, v]));
    expect(byId.get(arranged.completed)?.status).toBe('completed');
    expect(byId.get(arranged.onSite)?.status).toBe('on_site');
    expect(byId.get(arranged.enRoute)?.status).toBe('en_route');
    expect(byId.get(arranged.trayPast)).toMatchObject({ status: 'missed', crewId: null });
    // The crew on its way continues from that stop: nothing new for it before it is done there.
    const enRoute = before.find((v) => v.id === arranged.enRoute) as DayRow;
    const freeAt = (enRoute.plannedArrival as Date).getTime() + enRoute.serviceMinutes * 60_000;
    const next = after.filter((v) => v.crewId === enRoute.crewId && v.status === 'assigned');
    for (const v of next) expect(v.plannedArrival?.getTime()).toBeGreaterThanOrEqual(freeAt);
    // Missed by the rule, not silently: an audit entry with the reason for each.
    const missed = after.filter((v) => v.status === 'missed').map((v) => v.id);
    expect(missed.length).toBeGreaterThan(1);
    const audits = await demo.handle.db
      .select({ entityId: auditLog.entityId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'visit.missed'), inArray(auditLog.entityId, missed)));
    expect(audits.map((a) => a.entityId).sort()).toEqual([...missed].sort());
    for (const a of audits) expect(a.after).toMatchObject({ status: 'missed', reason: 'SLOT_PASSED' });
  }, 60_000);

  it('a full-day plan run at 13:15 keeps the same visits where they are', async () => {
    const teamId = teams.find((t) => t !== demo.users.dispatcher.teamIds[0]) as string;
    const caller = createCaller(makeContext(demo.handle, demo.users.admin, { now: NOW }));
    const { before, after } = await planAtNoon(caller, teamId, false);
    expectFrozenKept(before, after);
  }, 60_000);

  it('the preview lists every change per visit, never unassigns without a reason, and its reasons are true', async () => {
    const teamId = teams.filter((t) => t !== demo.users.dispatcher.teamIds[0])[1] as string;
    const caller = createCaller(makeContext(demo.handle, demo.users.admin, { now: NOW }));
    const { arranged, before, preview, after } = await planAtNoon(caller, teamId, true);
    const changes = new Map(preview.changes.map((c) => [c.visitId, c]));
    const crewName = new Map(preview.crews.map((c) => [c.crewId, c.name]));
    for (const b of before) {
      const a = after.find((v) => v.id === b.id) as DayRow;
      const c = changes.get(b.id);
      const moved = a.crewId !== b.crewId || a.plannedArrival?.getTime() !== b.plannedArrival?.getTime();
      if (a.status === 'missed' && b.status !== 'missed') {
        expect(c, `missed ${b.id} not listed`).toMatchObject({ kind: 'missed', code: 'SLOT_PASSED' });
      } else if (!moved) {
        expect(c, `unchanged ${b.id} listed`).toBeUndefined();
      } else if (a.crewId === null) {
        // "was on crew 3 at 10:40, now unassigned because …"
        expect(c).toMatchObject({
          kind: 'unassign',
          from: { crewId: b.crewId, crewName: crewName.get(b.crewId ?? '') },
        });
        expect(c?.reason).toBeTruthy();
      } else {
        // "was on crew 3 at 10:40, now crew 5 at 14:10"
        expect(c).toMatchObject({
          kind: b.crewId ? 'move' : 'assign',
          to: { crewId: a.crewId, crewName: crewName.get(a.crewId), arrival: a.plannedArrival?.toISOString() },
        });
        if (b.crewId) expect(c?.from).toMatchObject({ crewId: b.crewId, arrival: b.plannedArrival?.toISOString() });
      }
    }
    expect(preview.changes.length).toBe(
      after.filter((a) => {
        const b = before.find((v) => v.id === a.id) as DayRow;
        return (
          a.status !== b.status || a.crewId !== b.crewId || a.plannedArrival?.getTime() !== b.plannedArrival?.getTime()
        );
      }).length,
    );
    expect(changes.get(arranged.trayPast)?.reason).toMatch(/slot .*(passed|over)/i);
    // No planned stop before now, and "outside every shift" only where the slot really is.
    for (const s of preview.crews.flatMap((c) => c.stops)) expect(new Date(s.arrival) >= NOW).toBe(true);
    const day = await caller.dispatch.day({ teamId, date: TODAY });
    for (const u of preview.unassigned.filter((x) => x.code === 'SLOT_OUTSIDE_EVERY_SHIFT')) {
      const overlaps = day.crews.some(
        (c) =>
          c.shiftStart && c.shiftEnd && (u.slotStart as string) < c.shiftEnd && (u.slotEnd as string) > c.shiftStart,
      );
      expect(overlaps, `${u.visitId} ${hm(u.slotStart)}–${hm(u.slotEnd)}: ${u.reason}`).toBe(false);
    }
  }, 60_000);
});
