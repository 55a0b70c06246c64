import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, crewMembers, rosterExceptions, shifts, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import { refusal } from './helpers/calls';
import { makeContext } from './helpers/db';
import { key, setUpPlacementFixture, TOMORROW } from './helpers/placement-fixture';

describe('roster: a change that takes an agent off a day with visits is never silent (SPEC §8.2)', () => {
  const fx = setUpPlacementFixture();
  let members: string[] = [];

  const shiftOf = async (agentId: string) =>
    (
      await fx.handle.db
        .select({ id: shifts.id, endsAt: shifts.endsAt, origin: shifts.origin })
        .from(shifts)
        .where(and(eq(shifts.agentId, agentId), eq(shifts.workDate, TOMORROW)))
    )[0];

  it('setup: a visit of tomorrow is assigned to a crew', async () => {
    const placed = await fx.dispatcher.dispatch.assign({
      visitId: fx.tray.id,
      ...fx.good,
      version: fx.tray.version,
      idempotencyKey: key(),
    });
    expect(placed.crewId).toBe(fx.good.crewId);
    members = (
      await fx.handle.db
        .select({ agentId: crewMembers.agentId })
        .from(crewMembers)
        .where(eq(crewMembers.crewId, fx.good.crewId))
        .orderBy(crewMembers.agentId)
    ).map((m) => m.agentId);
    expect(members.length).toBeGreaterThanOrEqual(1);
  });

  it('shortening the shift of a crew member is refused with the visits it would take off the crew', async () => {
    const agentId = members.at(-1) as string;
    const before = await shiftOf(agentId);
    const shorten = (locale: 'en' | 'zh-CN') =>
      createCaller(makeContext(fx.handle, fx.users.dispatcher, { locale })).roster.setShift({
        agentId,
        date: TOMORROW,
        starts: '06:00',
        ends: '07:00',
        idempotencyKey: key(),
      });
    const en = await refusal(shorten('en'));
    expect(en.code).toBe('CONFLICT');
    expect(en.appCode).toBe('ORG_CHANGE_AFFECTS_VISITS');
    expect(((en.details?.visits ?? []) as Array<{ visitId: string }>).map((v) => v.visitId)).toContain(fx.tray.id);
    const zh = await refusal(shorten('zh-CN'));
    expect(zh.message).toContain('外访组');
    expect(zh.message).not.toBe(en.message);
    // Nothing changed: the shift and the visit are as they were.
    expect((await shiftOf(agentId))?.endsAt.getTime()).toBe(before?.endsAt.getTime());
    expect((await fx.freshVisit(fx.tray.id)).status).toBe('assigned');
  });

  it('leave on a day with visits: refused with the list, then confirmed → visits in the tray with the reason, agent out of the crew', async () => {
    const agentId = members[0] as string;
    const leave = (confirm: boolean) =>
      fx.dispatcher.roster.addException({
        teamId: fx.teamId,
        agentId,
        kind: 'leave',
        startsOn: TOMORROW,
        endsOn: TOMORROW,
        confirm,
        idempotencyKey: key(),
      });
    const refused = await refusal(leave(false));
    expect(refused.appCode).toBe('ORG_CHANGE_AFFECTS_VISITS');
    expect(refused.details?.count).toBeGreaterThanOrEqual(1);
    expect(
      await fx.handle.db.select().from(rosterExceptions).where(eq(rosterExceptions.agentId, agentId)),
    ).toHaveLength(0);
    expect(await shiftOf(agentId)).toBeDefined();

    const done = await leave(true);
    expect(done.releasedVisits).toBeGreaterThanOrEqual(1);
    const [v] = await fx.handle.db
      .select({ status: visits.status, crewId: visits.crewId, trayReason: visits.trayReason })
      .from(visits)
      .where(eq(visits.id, fx.tray.id));
    expect(v).toEqual({ status: 'unassigned', crewId: null, trayReason: 'TRAY_AGENT_OFF' });
    expect(await shiftOf(agentId)).toBeUndefined();
    const stillIn = await fx.handle.db
      .select()
      .from(crewMembers)
      .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.workDate, TOMORROW)));
    expect(stillIn).toEqual([]);
    const audits = await fx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, fx.tray.id));
    expect(audits.map((a) => a.action)).toContain('visit.unassign');
    expect(
      await fx.handle.db.select().from(rosterExceptions).where(eq(rosterExceptions.agentId, agentId)),
    ).toHaveLength(1);
  });
});
