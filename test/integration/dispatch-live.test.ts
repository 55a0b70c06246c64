import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crews, visits } from '../../drizzle/schema';
import type { LiveEvent } from '../../server/modules/live/live.bus';
import { type PlanReasonCode, planReason } from '../../server/modules/planning/planning.reasons';
import { createCaller } from '../../server/trpc/root';
import { addDays, zonedTimeToUtc } from '../../shared/time';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { opened } from './helpers/live-stream';
import { usePlanners } from './helpers/plan-run';
import { signedIn } from './helpers/signed-in';

const TOMORROW = addDays(TODAY, 1);

describe('live events and re-planning from now', () => {
  const demo = setUpDemoCity();
  usePlanners(demo);

  it("a watcher of the team gets the event of another dispatcher's change; other teams' watchers are refused", async () => {
    // A real session: an open stream re-checks it (live-access.test.ts).
    const watcher = createCaller(await signedIn(demo.handle, 'admin'));
    // Live before the change (the watch's first round has run): a 2 s guard here failed under load.
    const stream = await opened<LiveEvent>(watcher.live.team({ teamId: demo.teamId }));
    const dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    const [v] = await demo.handle.db
      .select({ id: visits.id, version: visits.version })
      .from(visits)
      .where(and(eq(visits.teamId, demo.teamId), eq(visits.visitDate, TOMORROW), eq(visits.status, 'assigned')))
      .limit(1);
    await dispatcher.dispatch.setPinned({
      visitId: v?.id as string,
      pinned: true,
      version: v?.version as number,
      idempotencyKey: `live-pin-${v?.id}`,
    });
    expect(await stream.next()).toMatchObject({
      teamId: demo.teamId,
      entityType: 'visit',
      entityId: v?.id,
      action: 'visit.pin',
    });
    await stream.close();

    const allCrews = await demo.handle.db.select({ teamId: crews.teamId }).from(crews);
    const otherTeam = allCrews.find((c) => c.teamId !== demo.teamId)?.teamId;
    const outsider = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    await expect(outsider.live.team({ teamId: otherTeam as string })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('re-plan from now: done visits stay fixed and nothing is planned before now or before the crew is free', async () => {
    const [crew] = await demo.handle.db
      .select({ id: crews.id })
      .from(crews)
      .where(and(eq(crews.teamId, demo.teamId), eq(crews.workDate, TOMORROW)))
      .orderBy(asc(crews.name))
      .offset(1)
      .limit(1);
    const [done] = await demo.handle.db
      .select({ id: visits.id, arrival: visits.plannedArrival })
      .from(visits)
      .where(and(eq(visits.crewId, crew?.id as string), isNotNull(visits.plannedArrival)))
      .orderBy(asc(visits.plannedArrival))
      .limit(1);
    const arrival = done?.arrival as Date;
    const checkOut = new Date(arrival.getTime() + 50 * 60_000);
    await demo.handle.db
      .update(visits)
      .set({ status: 'completed', checkInAt: arrival, checkOutAt: checkOut, checkInLat: 31.2, checkInLng: 121.45 })
      .where(eq(visits.id, done?.id as string));
    const now = zonedTimeToUtc(TOMORROW, '12:00', 'Asia/Shanghai');
    const caller = createCaller(makeContext(demo.handle, demo.users.dispatcher, { now }));
    const started = await caller.planning.start({
      teamId: demo.teamId,
      date: TOMORROW,
      fromNow: true,
      timeLimitMs: 1000,
    });
    let s = await caller.planning.status({ runId: started.runId });
    while (s.state === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      s = await caller.planning.status({ runId: started.runId });
    }
    expect(s.state).toBe('done');
    const stops = s.preview?.crews.flatMap((c) => c.stops) ?? [];
    expect(stops.length).toBeGreaterThan(0);
    expect(stops.map((x) => x.visitId)).not.toContain(done?.id);
    for (const stop of stops) expect(new Date(stop.arrival).getTime()).toBeGreaterThanOrEqual(now.getTime());
    // Visits whose slot is already over cannot be served any more and say so: the preview marks them missed with
    // SLOT_PASSED and its text (the old check looped over the tray, which is empty here, and so asserted nothing).
    const late = s.preview?.changes.filter((c) => c.kind === 'missed') ?? [];
    expect(late.length).toBeGreaterThan(0);
    for (const c of late) {
      expect(c).toMatchObject({ code: 'SLOT_PASSED', reason: planReason('SLOT_PASSED', 'en') });
      expect(new Date(c.slotEnd).getTime()).toBeLessThanOrEqual(now.getTime());
    }
    for (const u of s.preview?.unassigned ?? []) expect(u.reason).toBe(planReason(u.code as PlanReasonCode, 'en'));
  }, 60_000);
});
