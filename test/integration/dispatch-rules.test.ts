import { TRPCError } from '@trpc/server';
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agents,
  appointments,
  auditLog,
  crewMembers,
  crews,
  policySettings,
  shifts,
  visits,
} from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import { AppError } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { createTestDb, makeContext } from './helpers/db';
import { seedDemoUsers, TODAY } from './helpers/demo';

const TOMORROW = addDays(TODAY, 1);
const MIN = 60_000;
let keyN = 0;
const key = () => `dispatch-rules-${++keyN}-${Date.now()}`;

/** The refusal of a call: tRPC code, domain code and the violation codes it listed. */
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const cause = err.cause instanceof AppError ? err.cause : null;
    const violations = (cause?.details.violations as Array<{ code: string; message: string }> | undefined) ?? [];
    return {
      code: err.code,
      appCode: cause?.code ?? null,
      message: err.message,
      violations: violations.map((v) => v.code),
      details: cause?.details,
    };
  }
  throw new Error('expected the call to be refused');
}

describe('dispatch: every placement rule is enforced by the server (SPEC §4)', () => {
  let handle: DbHandle;
  let users: Awaited<ReturnType<typeof seedDemoUsers>>;
  let teamId: string;
  let crewIds: string[];
  let dispatcher: ReturnType<typeof createCaller>;
  let dispatcherZh: ReturnType<typeof createCaller>;
  /** An unassigned visit of tomorrow, with its slot and version. */
  let tray: { id: string; version: number; slotStart: Date; slotEnd: Date };
  /** A placement the rules accept, found through checkMove. */
  let good: { crewId: string; arrival: string };

  const freshVisit = async (id: string) => {
    const [v] = await handle.db
      .select({
        version: visits.version,
        status: visits.status,
        crewId: visits.crewId,
        routePosition: visits.routePosition,
        plannedArrival: visits.plannedArrival,
      })
      .from(visits)
      .where(eq(visits.id, id));
    return v as NonNullable<typeof v>;
  };
  const exec = (q: ReturnType<typeof sql>) => handle.db.execute(q);

  beforeAll(async () => {
    handle = await createTestDb();
    users = await seedDemoUsers(handle);
    teamId = users.dispatcher.teamIds[0] as string;
    dispatcher = createCaller(makeContext(handle, users.dispatcher));
    dispatcherZh = createCaller(makeContext(handle, users.dispatcher, { locale: 'zh-CN' }));
    const crewRows = await handle.db
      .select({ id: crews.id })
      .from(crews)
      .where(and(eq(crews.teamId, teamId), eq(crews.workDate, TOMORROW)))
      .orderBy(asc(crews.name));
    crewIds = crewRows.map((c) => c.id);
    const trayRows = await handle.db
      .select({
        id: visits.id,
        version: visits.version,
        slotStart: appointments.slotStart,
        slotEnd: appointments.slotEnd,
      })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .where(
        and(
          eq(visits.teamId, teamId),
          eq(visits.visitDate, TOMORROW),
          isNull(visits.crewId),
          eq(visits.status, 'unassigned'),
        ),
      )
      .orderBy(asc(visits.id));
    // Any tray visit some crew can take somewhere in its slot.
    for (const v of trayRows) {
      for (const crewId of crewIds) {
        for (let t = v.slotStart.getTime(); t <= v.slotEnd.getTime() && !good; t += 15 * MIN) {
          const r = await dispatcher.dispatch.checkMove({ visitId: v.id, crewId, arrival: new Date(t).toISOString() });
          if (r.ok) {
            tray = v;
            good = { crewId, arrival: new Date(t).toISOString() };
          }
        }
        if (good) break;
      }
      if (good) break;
    }
  }, 300_000);
  afterAll(async () => handle?.close());

  it('finds a legal placement for a tray visit (the fixture the rule tests bend)', () => {
    expect(good).toBeDefined();
    expect(tray.version).toBeGreaterThan(0);
  });

  it('outside the agreed slot: checkMove explains it in the caller language, assign refuses and writes nothing', async () => {
    const arrival = new Date(tray.slotStart.getTime() - 60 * MIN).toISOString();
    const check = await dispatcher.dispatch.checkMove({ visitId: tray.id, crewId: good.crewId, arrival });
    expect(check.ok).toBe(false);
    expect(check.violations.find((v) => v.code === 'OUTSIDE_SLOT')?.message).toMatch(
      /outside the agreed slot \d\d:\d\d–\d\d:\d\d/,
    );
    const zh = await dispatcherZh.dispatch.checkMove({ visitId: tray.id, crewId: good.crewId, arrival });
    expect(zh.violations.find((v) => v.code === 'OUTSIDE_SLOT')?.message).toContain('不在约定时段');
    const r = await refusal(
      dispatcher.dispatch.assign({
        visitId: tray.id,
        crewId: good.crewId,
        arrival,
        version: tray.version,
        idempotencyKey: key(),
      }),
    );
    expect(r.code).toBe('BAD_REQUEST');
    expect(r.appCode).toBe('PLACEMENT_VIOLATIONS');
    expect(r.violations).toContain('OUTSIDE_SLOT');
    expect(r.message).toContain('outside the agreed slot');
    const after = await freshVisit(tray.id);
    expect(after).toMatchObject({ version: tray.version, status: 'unassigned', crewId: null });
  });

  it('outside the allowed visiting hours (policy narrowed to end before the visit)', async () => {
    await exec(sql`update policy_settings set allowed_end = '09:00' where team_id = ${teamId}`);
    try {
      const r = await refusal(
        dispatcher.dispatch.assign({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
      );
      expect(r.violations).toContain('OUTSIDE_ALLOWED_HOURS');
    } finally {
      await handle.db.update(policySettings).set({ allowedEnd: '22:00' }).where(eq(policySettings.teamId, teamId));
    }
  });

  it('outside the crew shift', async () => {
    const members = await handle.db
      .select({ agentId: crewMembers.agentId })
      .from(crewMembers)
      .where(eq(crewMembers.crewId, good.crewId));
    const agentId = members[0]?.agentId as string;
    const [shift] = await handle.db
      .select({ endsAt: shifts.endsAt, startsAt: shifts.startsAt })
      .from(shifts)
      .where(and(eq(shifts.agentId, agentId), eq(shifts.workDate, TOMORROW)));
    await handle.db
      .update(shifts)
      .set({ endsAt: new Date(new Date(good.arrival).getTime() + 10 * MIN), breakStartsAt: null, breakEndsAt: null })
      .where(and(eq(shifts.agentId, agentId), eq(shifts.workDate, TOMORROW)));
    try {
      const r = await refusal(
        dispatcher.dispatch.assign({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
      );
      expect(r.violations).toContain('OUTSIDE_SHIFT');
    } finally {
      await exec(
        sql`update shifts set ends_at = ${shift?.endsAt.toISOString()} where agent_id = ${agentId} and work_date = ${TOMORROW}`,
      );
    }
  });

  it('overlap with another visit of the crew, and not enough travel time after it', async () => {
    const [other] = await handle.db
      .select({ arrival: visits.plannedArrival, service: visits.serviceMinutes, appointmentId: visits.appointmentId })
      .from(visits)
      .where(and(eq(visits.crewId, good.crewId), isNotNull(visits.plannedArrival)))
      .orderBy(asc(visits.plannedArrival))
      .limit(1);
    const at = other?.arrival as Date;
    const [appt] = await handle.db
      .select({ slotStart: appointments.slotStart, slotEnd: appointments.slotEnd })
      .from(appointments)
      .innerJoin(visits, eq(visits.appointmentId, appointments.id))
      .where(eq(visits.id, tray.id));
    // Stretch the tray visit's slot around the other visit so only the crew's timetable is in the way.
    await exec(
      sql`update appointments set slot_start = ${new Date(at.getTime() - 120 * MIN).toISOString()}, slot_end = ${new Date(at.getTime() + 180 * MIN).toISOString()} where id = (select appointment_id from visits where id = ${tray.id})`,
    );
    try {
      const overlap = await refusal(
        dispatcher.dispatch.assign({
          visitId: tray.id,
          crewId: good.crewId,
          arrival: at.toISOString(),
          version: tray.version,
          idempotencyKey: key(),
        }),
      );
      expect(overlap.violations).toContain('OVERLAP');
      const justAfter = new Date(at.getTime() + ((other?.service ?? 45) + 1) * MIN).toISOString();
      const travel = await refusal(
        dispatcher.dispatch.assign({
          visitId: tray.id,
          crewId: good.crewId,
          arrival: justAfter,
          version: tray.version,
          idempotencyKey: key(),
        }),
      );
      expect(travel.violations).toContain('TRAVEL_TIME');
    } finally {
      await exec(
        sql`update appointments set slot_start = ${appt?.slotStart.toISOString()}, slot_end = ${appt?.slotEnd.toISOString()} where id = (select appointment_id from visits where id = ${tray.id})`,
      );
    }
  });

  it('crew lacks a required skill', async () => {
    await exec(sql`update visits set required_skills = array['lang:fr'] where id = ${tray.id}`);
    try {
      const r = await refusal(
        dispatcher.dispatch.assign({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
      );
      expect(r.violations).toContain('MISSING_SKILL');
    } finally {
      await exec(sql`update visits set required_skills = '{}' where id = ${tray.id}`);
    }
  });

  it('a crew member whose credential has expired', async () => {
    const [m] = await handle.db
      .select({ agentId: crewMembers.agentId, from: agents.credentialValidFrom, to: agents.credentialValidTo })
      .from(crewMembers)
      .innerJoin(agents, eq(agents.id, crewMembers.agentId))
      .where(eq(crewMembers.crewId, good.crewId))
      .limit(1);
    await handle.db
      .update(agents)
      .set({ credentialValidFrom: addDays(TODAY, -400), credentialValidTo: addDays(TODAY, -1) })
      .where(eq(agents.id, m?.agentId as string));
    try {
      const r = await refusal(
        dispatcher.dispatch.assign({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
      );
      expect(r.violations).toContain('CREDENTIAL_INVALID');
    } finally {
      await handle.db
        .update(agents)
        .set({ credentialValidFrom: m?.from as string, credentialValidTo: m?.to as string })
        .where(eq(agents.id, m?.agentId as string));
    }
  });

  it("the borrower's visit frequency cap", async () => {
    await handle.db.update(policySettings).set({ frequencyCap: 1 }).where(eq(policySettings.teamId, teamId));
    // A second visit to the same borrower the day before (an earlier, separately agreed slot).
    const found = (await exec(
      sql`select a.case_id, a.address_id from appointments a join visits v on v.appointment_id = a.id where v.id = ${tray.id}`,
    )) as unknown as { rows: Array<{ case_id: string; address_id: string }> };
    const [row] = found.rows;
    const slotStart = new Date(tray.slotStart.getTime() - 24 * 60 * MIN);
    const [appt] = await handle.db
      .insert(appointments)
      .values({
        caseId: row?.case_id as string,
        addressId: row?.address_id as string,
        slotStart,
        slotEnd: new Date(slotStart.getTime() + 120 * MIN),
        agreedAt: new Date(slotStart.getTime() - 48 * 60 * MIN),
        agreedVia: 'phone',
      })
      .returning({ id: appointments.id });
    const [extra] = await handle.db
      .insert(visits)
      .values({ appointmentId: appt?.id as string, teamId, visitDate: TODAY, visitType: 'negotiation' })
      .returning({ id: visits.id });
    try {
      const r = await refusal(
        dispatcher.dispatch.assign({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
      );
      expect(r.violations).toContain('FREQUENCY_CAP');
    } finally {
      await handle.db.delete(visits).where(eq(visits.id, extra?.id as string));
      await handle.db.delete(appointments).where(eq(appointments.id, appt?.id as string));
      await handle.db.update(policySettings).set({ frequencyCap: 2 }).where(eq(policySettings.teamId, teamId));
    }
  });

  it('the two-person rule: a crew of one cannot take a home visit', async () => {
    const members = await handle.db
      .select({ agentId: crewMembers.agentId, isLead: crewMembers.isLead, workDate: crewMembers.workDate })
      .from(crewMembers)
      .where(eq(crewMembers.crewId, good.crewId));
    const partner = members.find((m) => m.isLead === 0);
    await handle.db
      .delete(crewMembers)
      .where(and(eq(crewMembers.crewId, good.crewId), eq(crewMembers.agentId, partner?.agentId as string)));
    try {
      const r = await refusal(
        dispatcher.dispatch.assign({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
      );
      expect(r.violations).toContain('TWO_PERSON_RULE');
    } finally {
      await handle.db.insert(crewMembers).values({
        crewId: good.crewId,
        agentId: partner?.agentId as string,
        workDate: partner?.workDate as string,
        isLead: 0,
      });
    }
  });

  it('a legal assignment is saved, audited, numbered in the route and not repeated on retry', async () => {
    const k = key();
    const auditsBefore =
      (await handle.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditLog))[0]?.n ?? 0;
    const first = await dispatcher.dispatch.assign({
      visitId: tray.id,
      ...good,
      version: tray.version,
      idempotencyKey: k,
    });
    const retry = await dispatcher.dispatch.assign({
      visitId: tray.id,
      ...good,
      version: tray.version,
      idempotencyKey: k,
    });
    expect(retry).toEqual(first);
    expect(first.version).toBe(tray.version + 1);
    const v = await freshVisit(tray.id);
    expect(v).toMatchObject({ status: 'assigned', crewId: good.crewId, version: tray.version + 1 });
    expect(v.routePosition).toBeGreaterThanOrEqual(1);
    expect(v.plannedArrival?.toISOString()).toBe(good.arrival);
    const auditsAfter =
      (await handle.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditLog))[0]?.n ?? 0;
    expect(auditsAfter - auditsBefore).toBe(1);
    const [entry] = await handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.entityId, tray.id))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(entry).toEqual({ action: 'visit.assign', actor: users.dispatcher.id });
  });

  it('a stale version is refused with who changed it and when, never overwritten', async () => {
    const r = await refusal(
      dispatcher.dispatch.move({ visitId: tray.id, ...good, version: tray.version, idempotencyKey: key() }),
    );
    expect(r.code).toBe('CONFLICT');
    expect(r.appCode).toBe('VISIT_STALE');
    expect(r.message).toMatch(new RegExp(`changed by ${users.dispatcher.displayName} at \\d\\d:\\d\\d.*[Rr]eload`));
    const zh = await refusal(
      dispatcherZh.dispatch.unassign({ visitId: tray.id, version: tray.version, idempotencyKey: key() }),
    );
    expect(zh.message).toContain('请刷新');
    expect((await freshVisit(tray.id)).version).toBe(tray.version + 1);
  });

  it('pin toggles and unassign use the current version and put the visit back in the tray', async () => {
    const v1 = (await freshVisit(tray.id)).version;
    const pinned = await dispatcher.dispatch.setPinned({
      visitId: tray.id,
      pinned: true,
      version: v1,
      idempotencyKey: key(),
    });
    expect(pinned).toMatchObject({ pinned: true, version: v1 + 1 });
    const un = await dispatcher.dispatch.unassign({ visitId: tray.id, version: v1 + 1, idempotencyKey: key() });
    expect(un.version).toBe(v1 + 2);
    expect(await freshVisit(tray.id)).toMatchObject({ status: 'unassigned', crewId: null, routePosition: null });
  });

  it('a manager can look but not place; another team’s visit is not found', async () => {
    const manager = createCaller(makeContext(handle, users.manager));
    expect(
      (await refusal(manager.dispatch.assign({ visitId: tray.id, ...good, version: 1, idempotencyKey: key() }))).code,
    ).toBe('FORBIDDEN');
    const [foreign] = await handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(sql`${visits.teamId} <> ${teamId}`)
      .limit(1);
    const r = await refusal(
      dispatcher.dispatch.checkMove({ visitId: foreign?.id as string, crewId: good.crewId, arrival: good.arrival }),
    );
    expect(r.code).toBe('NOT_FOUND');
  });
});
