import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { policySettings, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { localTime } from '../../shared/time';
import { setUpFieldDay } from './field-helpers';
import { appCode, failure } from './helpers/calls';
import { makeContext } from './helpers/db';

/** About 500 m north of a point. */
const north500 = (p: { lat: number; lng: number }) => ({ lat: p.lat + 0.0045, lng: p.lng });

describe('field app: status flow and check-in (real router, real DB)', () => {
  const demo = setUpFieldDay();
  let inSlot: Date;
  const agent = (now: Date, locale: 'en' | 'zh-CN' = 'en') =>
    createCaller(makeContext(demo.handle, demo.users.agent, { now, locale }));

  beforeAll(async () => {
    inSlot = new Date(new Date(demo.stop.slotStart).getTime() + 10 * 60_000);
  }, 120_000);

  it("lists the crew's stops in route order with version, leg distance and no debt details", async () => {
    const route = await agent(inSlot).field.today({});
    expect(route.stops.length).toBeGreaterThanOrEqual(1);
    expect(route.stops[0]?.legDistanceM).toBeNull();
    expect(route.stops.every((s) => s.version >= 1)).toBe(true);
    expect(JSON.stringify(route)).not.toMatch(/overdue|amount|idNumber|phone|loanRef/i);
  });

  it('refuses a stale version with who and when, then goes en route; a replay answers the same', async () => {
    const stale = await failure(
      agent(inSlot).field.enRoute({ visitId: demo.stop.id, version: demo.stop.version + 5, clientId: 'c-stale-1' }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(appCode(stale)).toBe('VISIT_VERSION_CONFLICT');
    const first = await agent(inSlot).field.enRoute({
      visitId: demo.stop.id,
      version: demo.stop.version,
      clientId: 'c-enroute-1',
    });
    expect(first).toMatchObject({ status: 'en_route', version: demo.stop.version + 1 });
    const again = await agent(inSlot).field.enRoute({
      visitId: demo.stop.id,
      version: demo.stop.version,
      clientId: 'c-enroute-1',
    });
    expect(again).toEqual(first);
  });

  it('refuses a check-in outside the agreed slot, with the reason in the caller’s language', async () => {
    const early = new Date(new Date(demo.stop.slotStart).getTime() - 30 * 60_000);
    const input = {
      visitId: demo.stop.id,
      version: demo.stop.version + 1,
      clientId: 'c-early-en',
      at: early.toISOString(),
      lat: demo.stop.lat,
      lng: demo.stop.lng,
    };
    const en = await failure(agent(early).field.checkIn(input));
    expect(en.code).toBe('BAD_REQUEST');
    expect(en.message).toMatch(/Check-in refused: Arrival \d\d:\d\d is outside the agreed slot/);
    const zh = await failure(agent(early, 'zh-CN').field.checkIn({ ...input, clientId: 'c-early-zh' }));
    expect(zh.message).toContain('不在约定时段');
    const [row] = await demo.handle.db
      .select({ status: visits.status })
      .from(visits)
      .where(eq(visits.id, demo.stop.id));
    expect(row?.status).toBe('en_route');
  });

  it('refuses a check-in time from the future', async () => {
    const err = await failure(
      agent(inSlot).field.checkIn({
        visitId: demo.stop.id,
        version: demo.stop.version + 1,
        clientId: 'c-future',
        at: new Date(inSlot.getTime() + 3600_000).toISOString(),
        lat: demo.stop.lat,
        lng: demo.stop.lng,
      }),
    );
    expect(appCode(err)).toBe('CHECK_IN_TIME_INVALID');
  });

  it('checks in inside the slot, stores the distance and flags it above the threshold; replays do not duplicate', async () => {
    const input = {
      visitId: demo.stop.id,
      version: demo.stop.version + 1,
      clientId: 'c-checkin-1',
      at: inSlot.toISOString(),
      ...north500(demo.stop),
    };
    const res = await agent(inSlot).field.checkIn(input);
    expect(res.status).toBe('on_site');
    expect(res.distanceM).toBeGreaterThan(450);
    expect(res.distanceM).toBeLessThan(550);
    expect(res.flagged).toBe(true);
    for (let i = 0; i < 3; i++) expect(await agent(inSlot).field.checkIn(input)).toEqual(res);
    const [row] = await demo.handle.db
      .select({ status: visits.status, version: visits.version, flagged: visits.checkInFlagged, at: visits.checkInAt })
      .from(visits)
      .where(eq(visits.id, demo.stop.id));
    expect(row).toMatchObject({ status: 'on_site', version: demo.stop.version + 2, flagged: true });
    expect(row?.at?.toISOString()).toBe(inSlot.toISOString());
  });

  it('a second check-in of the same visit (a partner’s phone, queued offline) answers the first one as it stands', async () => {
    const later = new Date(inSlot.getTime() + 5 * 60_000);
    const second = await agent(later).field.checkIn({
      visitId: demo.stop.id,
      version: demo.stop.version + 2,
      clientId: 'c-checkin-2',
      at: later.toISOString(),
      lat: demo.stop.lat + 0.01,
      lng: demo.stop.lng,
    });
    // Nothing changes: the crew is on site since the first check-in, at its time.
    expect(second).toMatchObject({
      status: 'on_site',
      version: demo.stop.version + 2,
      checkInAt: inSlot.toISOString(),
    });
  });

  it("the dispatcher's day shows the visit on site", async () => {
    const day = await createCaller(makeContext(demo.handle, demo.users.dispatcher, { now: inSlot })).dispatch.day({
      teamId: demo.teamId,
    });
    expect(day.visits.find((v) => v.id === demo.stop.id)?.status).toBe('on_site');
  });

  it("refuses a check-in inside the slot but outside the team's allowed visiting hours, and accepts it near the door unflagged", async () => {
    const route = await agent(inSlot).field.today({});
    const next = route.stops.find((s) => s.status === 'assigned' && s.id !== demo.stop.id);
    if (!next) throw new Error('no second assigned stop');
    const at = new Date(new Date(next.slotStart).getTime() + 45 * 60_000);
    await agent(at).field.enRoute({ visitId: next.id, version: next.version, clientId: 'c-enroute-next' });
    // The policy is the team's setting; end the allowed hours half an hour into this slot.
    const end = localTime(new Date(new Date(next.slotStart).getTime() + 30 * 60_000), route.timeZone);
    await demo.handle.db.update(policySettings).set({ allowedEnd: end }).where(eq(policySettings.teamId, demo.teamId));
    const input = { visitId: next.id, version: next.version + 1, at: at.toISOString(), lat: next.lat, lng: next.lng };
    const err = await failure(agent(at).field.checkIn({ ...input, clientId: 'c-late-hours' }));
    expect(err.message).toContain(`outside the allowed visiting hours`);
    expect(err.message).toContain(end);
    await demo.handle.db
      .update(policySettings)
      .set({ allowedEnd: '22:00' })
      .where(eq(policySettings.teamId, demo.teamId));
    const ok = await agent(at).field.checkIn({ ...input, clientId: 'c-next-ok' });
    expect(ok).toMatchObject({ status: 'on_site', distanceM: 0, flagged: false, thresholdM: 200 });
  });
});
