import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agents, appointments, crewMembers, policySettings, shifts, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import type { Locale } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { refusal } from './helpers/calls';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { key, MIN, setUpPlacementFixture, TOMORROW } from './helpers/placement-fixture';

describe('dispatch: every placement rule is enforced by the server (SPEC §4)', () => {
  const fx = setUpPlacementFixture();
  /** Assigns the tray visit where the fixture found it may go. */
  const assignGood = () =>
    fx.dispatcher.dispatch.assign({ visitId: fx.tray.id, ...fx.good, version: fx.tray.version, idempotencyKey: key() });

  it('finds a legal placement for a tray visit (the fixture the rule tests bend)', () => {
    expect(fx.good).toBeDefined();
    expect(fx.tray.version).toBeGreaterThan(0);
  });

  it('outside the agreed slot: checkMove explains it in the caller language, assign refuses and writes nothing', async () => {
    const arrival = new Date(fx.tray.slotStart.getTime() - 60 * MIN).toISOString();
    const check = await fx.dispatcher.dispatch.checkMove({ visitId: fx.tray.id, crewId: fx.good.crewId, arrival });
    expect(check.ok).toBe(false);
    expect(check.violations.find((v) => v.code === 'OUTSIDE_SLOT')?.message).toMatch(
      /outside the agreed slot \d\d:\d\d–\d\d:\d\d/,
    );
    const zh = await fx.dispatcherZh.dispatch.checkMove({ visitId: fx.tray.id, crewId: fx.good.crewId, arrival });
    expect(zh.violations.find((v) => v.code === 'OUTSIDE_SLOT')?.message).toContain('不在约定时段');
    const r = await refusal(
      fx.dispatcher.dispatch.assign({
        visitId: fx.tray.id,
        crewId: fx.good.crewId,
        arrival,
        version: fx.tray.version,
        idempotencyKey: key(),
      }),
    );
    expect(r.code).toBe('BAD_REQUEST');
    expect(r.appCode).toBe('PLACEMENT_VIOLATIONS');
    expect(r.violations).toContain('OUTSIDE_SLOT');
    expect(r.message).toContain('outside the agreed slot');
    const after = await fx.freshVisit(fx.tray.id);
    expect(after).toMatchObject({ version: fx.tray.version, status: 'unassigned', crewId: null });
  });

  it('outside the allowed visiting hours (policy narrowed to end before the visit)', async () => {
    await fx.exec(sql`update policy_settings set allowed_end = '09:00' where team_id = ${fx.teamId}`);
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('OUTSIDE_ALLOWED_HOURS');
    } finally {
      await fx.handle.db
        .update(policySettings)
        .set({ allowedEnd: '22:00' })
        .where(eq(policySettings.teamId, fx.teamId));
    }
  });

  it('outside the crew shift', async () => {
    const members = await fx.handle.db
      .select({ agentId: crewMembers.agentId })
      .from(crewMembers)
      .where(eq(crewMembers.crewId, fx.good.crewId));
    const agentId = members[0]?.agentId as string;
    const [shift] = await fx.handle.db
      .select({ endsAt: shifts.endsAt, startsAt: shifts.startsAt })
      .from(shifts)
      .where(and(eq(shifts.agentId, agentId), eq(shifts.workDate, TOMORROW)));
    await fx.handle.db
      .update(shifts)
      .set({ endsAt: new Date(new Date(fx.good.arrival).getTime() + 10 * MIN), breakStartsAt: null, breakEndsAt: null })
      .where(and(eq(shifts.agentId, agentId), eq(shifts.workDate, TOMORROW)));
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('OUTSIDE_SHIFT');
    } finally {
      await fx.exec(
        sql`update shifts set ends_at = ${shift?.endsAt.toISOString()} where agent_id = ${agentId} and work_date = ${TOMORROW}`,
      );
    }
  });

  it('overlap with another visit of the crew, and not enough travel time after it', async () => {
    const [other] = await fx.handle.db
      .select({ arrival: visits.plannedArrival, service: visits.serviceMinutes, appointmentId: visits.appointmentId })
      .from(visits)
      .where(and(eq(visits.crewId, fx.good.crewId), isNotNull(visits.plannedArrival)))
      .orderBy(asc(visits.plannedArrival))
      .limit(1);
    const at = other?.arrival as Date;
    const [appt] = await fx.handle.db
      .select({ slotStart: appointments.slotStart, slotEnd: appointments.slotEnd })
      .from(appointments)
      .innerJoin(visits, eq(visits.appointmentId, appointments.id))
      .where(eq(visits.id, fx.tray.id));
    // Stretch the tray visit's slot around the other visit so only the crew's timetable is in the way.
    await fx.exec(
      sql`update appointments set slot_start = ${new Date(at.getTime() - 120 * MIN).toISOString()}, slot_end = ${new Date(at.getTime() + 180 * MIN).toISOString()} where id = (select appointment_id from visits where id = ${fx.tray.id})`,
    );
    try {
      const overlap = await refusal(
        fx.dispatcher.dispatch.assign({
          visitId: fx.tray.id,
          crewId: fx.good.crewId,
          arrival: at.toISOString(),
          version: fx.tray.version,
          idempotencyKey: key(),
        }),
      );
      expect(overlap.violations).toContain('OVERLAP');
      const justAfter = new Date(at.getTime() + ((other?.service ?? 45) + 1) * MIN).toISOString();
      const travel = await refusal(
        fx.dispatcher.dispatch.assign({
          visitId: fx.tray.id,
          crewId: fx.good.crewId,
          arrival: justAfter,
          version: fx.tray.version,
          idempotencyKey: key(),
        }),
      );
      expect(travel.violations).toContain('TRAVEL_TIME');
    } finally {
      await fx.exec(
        sql`update appointments set slot_start = ${appt?.slotStart.toISOString()}, slot_end = ${appt?.slotEnd.toISOString()} where id = (select appointment_id from visits where id = ${fx.tray.id})`,
      );
    }
  });

  it('crew lacks a required skill, named in words (not as the tag "lang:fr")', async () => {
    await fx.exec(sql`update visits set required_skills = array['lang:fr'] where id = ${fx.tray.id}`);
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('MISSING_SKILL');
      const message = async (caller: typeof fx.dispatcher) =>
        (await caller.dispatch.checkMove({ visitId: fx.tray.id, ...fx.good })).violations.find(
          (v) => v.code === 'MISSING_SKILL',
        )?.message;
      expect(await message(fx.dispatcher)).toBe('No one in the crew has the required skill: speaks French.');
      expect(await message(fx.dispatcherZh)).toBe('外访组中没有人具备所需技能：会说法语。');
    } finally {
      await fx.exec(sql`update visits set required_skills = '{}' where id = ${fx.tray.id}`);
    }
  });

  it('a crew member whose credential has expired', async () => {
    const [m] = await fx.handle.db
      .select({ agentId: crewMembers.agentId, from: agents.credentialValidFrom, to: agents.credentialValidTo })
      .from(crewMembers)
      .innerJoin(agents, eq(agents.id, crewMembers.agentId))
      .where(eq(crewMembers.crewId, fx.good.crewId))
      .limit(1);
    await fx.handle.db
      .update(agents)
      .set({ credentialValidFrom: addDays(TODAY, -400), credentialValidTo: addDays(TODAY, -1) })
      .where(eq(agents.id, m?.agentId as string));
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('CREDENTIAL_INVALID');
    } finally {
      await fx.handle.db
        .update(agents)
        .set({ credentialValidFrom: m?.from as string, credentialValidTo: m?.to as string })
        .where(eq(agents.id, m?.agentId as string));
    }
  });

  it('a crew member an admin deactivated (their crews stay, new visits do not)', async () => {
    const [m] = await fx.handle.db
      .select({ agentId: crewMembers.agentId, name: agents.fullName })
      .from(crewMembers)
      .innerJoin(agents, eq(agents.id, crewMembers.agentId))
      .where(eq(crewMembers.crewId, fx.good.crewId))
      .limit(1);
    await fx.handle.db
      .update(agents)
      .set({ active: false })
      .where(eq(agents.id, m?.agentId as string));
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('AGENT_INACTIVE');
      const listed = r.details?.violations as Array<{ code: string; message: string }>;
      expect(listed.find((v) => v.code === 'AGENT_INACTIVE')?.message).toBe(
        `${m?.name} has been deactivated and takes no new visits.`,
      );
    } finally {
      await fx.handle.db
        .update(agents)
        .set({ active: true })
        .where(eq(agents.id, m?.agentId as string));
    }
  });

  it("the borrower's visit frequency cap", async () => {
    await fx.handle.db.update(policySettings).set({ frequencyCap: 1 }).where(eq(policySettings.teamId, fx.teamId));
    // A second visit to the same borrower the day before (an earlier, separately agreed slot).
    const found = (await fx.exec(
      sql`select a.case_id, a.address_id from appointments a join visits v on v.appointment_id = a.id where v.id = ${fx.tray.id}`,
    )) as unknown as { rows: Array<{ case_id: string; address_id: string }> };
    const [row] = found.rows;
    const slotStart = new Date(fx.tray.slotStart.getTime() - 24 * 60 * MIN);
    const [appt] = await fx.handle.db
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
    const [extra] = await fx.handle.db
      .insert(visits)
      .values({
        appointmentId: appt?.id as string,
        teamId: fx.teamId,
        visitDate: TODAY,
        slotStart,
        slotEnd: new Date(slotStart.getTime() + 120 * MIN),
        caseId: row?.case_id as string,
        addressId: row?.address_id as string,
        visitType: 'negotiation',
      })
      .returning({ id: visits.id });
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('FREQUENCY_CAP');
    } finally {
      await fx.handle.db.delete(visits).where(eq(visits.id, extra?.id as string));
      await fx.handle.db.delete(appointments).where(eq(appointments.id, appt?.id as string));
      await fx.handle.db.update(policySettings).set({ frequencyCap: 2 }).where(eq(policySettings.teamId, fx.teamId));
    }
  });

  it('the two-person rule: a crew of one cannot take a home visit', async () => {
    const members = await fx.handle.db
      .select({ agentId: crewMembers.agentId, isLead: crewMembers.isLead, workDate: crewMembers.workDate })
      .from(crewMembers)
      .where(eq(crewMembers.crewId, fx.good.crewId));
    const partner = members.find((m) => m.isLead === 0);
    await fx.handle.db
      .delete(crewMembers)
      .where(and(eq(crewMembers.crewId, fx.good.crewId), eq(crewMembers.agentId, partner?.agentId as string)));
    try {
      const r = await refusal(assignGood());
      expect(r.violations).toContain('TWO_PERSON_RULE');
    } finally {
      await fx.handle.db.insert(crewMembers).values({
        crewId: fx.good.crewId,
        agentId: partner?.agentId as string,
        workDate: partner?.workDate as string,
        isLead: 0,
      });
    }
  });

  it('an arrival before now is refused (issue #12, defect 2): checkMove and assign give the reason, nothing is written', async () => {
    const arrival = new Date(fx.good.arrival);
    // The same legal placement, asked for half an hour after its arrival time has gone by.
    const later = (locale: Locale) =>
      createCaller(
        makeContext(fx.handle, fx.users.dispatcher, { now: new Date(arrival.getTime() + 30 * MIN), locale }),
      );
    const check = await later('en').dispatch.checkMove({ visitId: fx.tray.id, ...fx.good });
    expect(check.ok).toBe(false);
    expect(check.violations.map((v) => v.code)).toEqual(['ARRIVAL_IN_PAST']);
    expect(check.violations[0]?.message).toMatch(/^Arrival \d\d:\d\d is before now \(\d\d:\d\d\)/);
    const zh = await later('zh-CN').dispatch.checkMove({ visitId: fx.tray.id, ...fx.good });
    expect(zh.violations[0]?.message).toMatch(/到达时间 \d\d:\d\d 早于现在（\d\d:\d\d）/);
    const r = await refusal(
      later('en').dispatch.assign({ visitId: fx.tray.id, ...fx.good, version: fx.tray.version, idempotencyKey: key() }),
    );
    expect(r.appCode).toBe('PLACEMENT_VIOLATIONS');
    expect(r.violations).toEqual(['ARRIVAL_IN_PAST']);
    expect(await fx.freshVisit(fx.tray.id)).toMatchObject({ version: fx.tray.version, status: 'unassigned' });
    // A minute before that arrival the same placement is still open.
    const earlier = createCaller(
      makeContext(fx.handle, fx.users.dispatcher, { now: new Date(arrival.getTime() - MIN) }),
    );
    expect((await earlier.dispatch.checkMove({ visitId: fx.tray.id, ...fx.good })).ok).toBe(true);
  });
});
