import { and, eq, ne } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { appointments, auditLog, contactAttempts, crews, visits } from '../../drizzle/schema';
import { addDays, localTime } from '../../shared/time';
import { failure } from './helpers/calls';
import { key, logSlotNotice, setUpCaseFixture, slotOn, TZ } from './helpers/case-fixture';
import { TODAY } from './helpers/demo';

const fx = setUpCaseFixture();

/** Agrees a negotiation visit on the fixture's case for a slot on a day ahead (its notice must be logged). */
const agreeSlot = (daysAhead: number, from: string, to: string) =>
  fx.as('dispatcher').appointments.agree({
    caseId: fx.caseId,
    addressId: fx.addressId,
    visitType: 'negotiation',
    via: 'phone',
    ...slotOn(daysAhead, from, to),
    idempotencyKey: key('agree'),
  });

describe('agreeing a slot with the borrower (SPEC §1 stage 2, §4)', () => {
  // Each test has a case of its own (no appointment, no notice) and books what it needs, so any test runs alone.
  beforeEach(() => fx.freshCase());

  it('refuses a slot before a notice is logged; after one, the slot becomes a visit in the tray, once per key', async () => {
    const dispatcher = fx.as('dispatcher');
    const base = {
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation' as const,
      via: 'phone' as const,
    };
    const refused = await failure(
      dispatcher.appointments.agree({ ...base, ...slotOn(1, '14:00', '16:00'), idempotencyKey: key('a') }),
    );
    expect(refused?.code).toBe('BAD_REQUEST');
    expect(refused?.message).toContain('No notice is logged on this case');
    expect(await fx.appointmentCount()).toBe(0);

    await dispatcher.appointments.logNotice({
      caseId: fx.caseId,
      stage: 'appointment_notice',
      channel: 'phone',
      result: 'Borrower agreed to a visit tomorrow afternoon',
      idempotencyKey: key('n'),
    });
    const k = key('agree');
    const first = await dispatcher.appointments.agree({ ...base, ...slotOn(1, '14:00', '16:00'), idempotencyKey: k });
    const again = await dispatcher.appointments.agree({ ...base, ...slotOn(1, '14:00', '16:00'), idempotencyKey: k });
    expect(again).toEqual(first);
    expect(await fx.appointmentCount()).toBe(1);

    const board = await dispatcher.dispatch.day({ teamId: fx.teamId, date: addDays(TODAY, 1) });
    const inTray = board.visits.find((v) => v.id === first.visitId);
    expect(inTray).toMatchObject({ status: 'unassigned', visitType: 'negotiation' });
    const file = await dispatcher.appointments.caseFile({ caseId: fx.caseId });
    expect(file.notices).toHaveLength(1);
    expect(file.appointments[0]).toMatchObject({ id: first.appointmentId, status: 'agreed', agreedVia: 'phone' });
    // Instants arrive as ISO strings with offset, as the client's types say (no transformer revives Dates).
    const isoInstant = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(file.notices[0]).toMatchObject({ attemptedAt: isoInstant });
    expect(file.appointments[0]).toMatchObject({ slotStart: isoInstant, slotEnd: isoInstant, agreedAt: isoInstant });
    const audit = await fx.handle.db.select().from(auditLog).where(eq(auditLog.entityId, first.visitId));
    expect(audit.map((a) => a.action)).toEqual(['visit.create']);
  });

  it('names each broken rule, in the caller language, and writes nothing', async () => {
    const dispatcher = fx.as('dispatcher');
    const zh = fx.as('dispatcher', 'zh-CN');
    const base = {
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation' as const,
      via: 'phone' as const,
    };
    await logSlotNotice(fx);
    await agreeSlot(1, '14:00', '16:00');
    const before = await fx.appointmentCount();
    expect(before).toBe(1);

    const late = await failure(
      dispatcher.appointments.agree({ ...base, ...slotOn(2, '21:00', '23:00'), idempotencyKey: key('r') }),
    );
    expect(late?.message).toContain('outside the allowed visiting hours 08:00–22:00');
    const lateZh = await failure(
      zh.appointments.agree({ ...base, ...slotOn(2, '21:00', '23:00'), idempotencyKey: key('r') }),
    );
    expect(lateZh?.message).toContain('超出允许的上门时间 08:00–22:00');

    const soon = new Date(Date.now() + 30 * 60_000);
    const tooSoon = await failure(
      dispatcher.appointments.agree({
        ...base,
        slotStart: soon.toISOString(),
        slotEnd: new Date(soon.getTime() + 7_200_000).toISOString(),
        idempotencyKey: key('r'),
      }),
    );
    expect(tooSoon?.message).toMatch(/at least 120 are required/);

    const tooLong = await failure(
      dispatcher.appointments.agree({ ...base, ...slotOn(2, '09:00', '15:00'), idempotencyKey: key('r') }),
    );
    expect(tooLong?.message).toBe('The slot must end after it starts and last at most 4 hours.');

    const foreign = await failure(
      dispatcher.appointments.agree({
        ...base,
        addressId: fx.foreignAddressId,
        ...slotOn(2, '10:00', '12:00'),
        idempotencyKey: key('r'),
      }),
    );
    expect(foreign?.message).toContain("not one of the borrower's own addresses");
    expect(await fx.appointmentCount()).toBe(before);

    // The cap is 2 visits in 7 days: day 1 is booked above; day 2 is the second, day 3 one too many.
    await dispatcher.appointments.agree({ ...base, ...slotOn(2, '10:00', '12:00'), idempotencyKey: key('ok') });
    const capped = await failure(
      dispatcher.appointments.agree({ ...base, ...slotOn(3, '10:00', '12:00'), idempotencyKey: key('r') }),
    );
    expect(capped?.message).toContain('more than 2 times in 7 days');
    expect(await fx.appointmentCount()).toBe(before + 1);
  });

  it("shows the dispatcher each slot's room and the rules that already rule it out for this borrower", async () => {
    const dispatcher = fx.as('dispatcher');
    await logSlotNotice(fx);
    await agreeSlot(1, '14:00', '16:00');
    await agreeSlot(2, '10:00', '12:00');
    const day1 = await dispatcher.appointments.slotOptions({ caseId: fx.caseId, date: addDays(TODAY, 1) });
    const at = (list: typeof day1, hhmm: string) => list.find((o) => localTime(new Date(o.start), TZ) === hhmm);
    // Day crews start 08:30: nobody covers 08:00–10:00. At 14:00 every crew is on shift.
    expect(at(day1, '08:00')?.crews).toBe(0);
    const afternoon = at(day1, '14:00');
    const agreedThen = await fx.handle.db
      .select({ id: visits.id })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .where(
        and(
          eq(visits.teamId, fx.teamId),
          eq(visits.visitDate, addDays(TODAY, 1)),
          ne(visits.status, 'cancelled'),
          eq(appointments.slotStart, new Date(afternoon?.start as string)),
        ),
      );
    expect(afternoon?.crews).toBeGreaterThan(0);
    expect(agreedThen.length).toBeGreaterThan(0);
    expect(afternoon?.free).toBe((afternoon?.crews ?? 0) * 2 - agreedThen.length);
    // Days 1 and 2 are booked for this borrower: a third that week is over the cap, whatever the slot.
    const day3 = await dispatcher.appointments.slotOptions({ caseId: fx.caseId, date: addDays(TODAY, 3) });
    expect(day3.every((o) => o.problems.some((p) => p.code === 'FREQUENCY_CAP'))).toBe(true);
    expect(at(day3, '10:00')?.problems[0]?.message).toContain('more than 2 times in 7 days');
  });

  it('a reschedule supersedes the appointment and cancels its visit; a cancellation needs a reason and a visit not yet under way', async () => {
    const dispatcher = fx.as('dispatcher');
    await logSlotNotice(fx);
    await agreeSlot(1, '14:00', '16:00');
    await agreeSlot(2, '10:00', '12:00');
    const file = await dispatcher.appointments.caseFile({ caseId: fx.caseId });
    const day2 = file.appointments.find((a) => a.status === 'agreed' && a.visitDate === addDays(TODAY, 2));
    if (!day2?.visitId) throw new Error('no day-2 appointment');

    const moved = await dispatcher.appointments.agree({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'verification',
      via: 'sms',
      ...slotOn(4, '16:00', '18:00'),
      replacesAppointmentId: day2.id,
      idempotencyKey: key('move'),
    });
    const after = await dispatcher.appointments.caseFile({ caseId: fx.caseId });
    expect(after.appointments.find((a) => a.id === day2.id)).toMatchObject({
      status: 'rescheduled',
      visitStatus: 'cancelled',
      changeable: false,
    });
    expect(after.appointments.find((a) => a.id === moved.appointmentId)).toMatchObject({
      status: 'agreed',
      supersedesId: day2.id,
      visitStatus: 'unassigned',
      changeable: true,
      visitType: 'verification',
    });
    const again = await failure(
      dispatcher.appointments.agree({
        caseId: fx.caseId,
        addressId: fx.addressId,
        visitType: 'verification',
        via: 'sms',
        ...slotOn(5, '16:00', '18:00'),
        replacesAppointmentId: day2.id,
        idempotencyKey: key('move'),
      }),
    );
    expect(again?.message).toBe('This appointment is already rescheduled; it cannot be changed.');

    const [crew] = await fx.handle.db
      .select({ id: crews.id })
      .from(crews)
      .where(and(eq(crews.teamId, fx.teamId), eq(crews.workDate, addDays(TODAY, 4))))
      .limit(1);
    await fx.handle.db.update(visits).set({ status: 'on_site', crewId: crew?.id }).where(eq(visits.id, moved.visitId));
    const underWay = await failure(
      dispatcher.appointments.cancel({
        appointmentId: moved.appointmentId,
        reason: 'Borrower asked',
        idempotencyKey: key('c'),
      }),
    );
    expect(underWay?.message).toBe('The visit is already on_site; it can no longer be moved or cancelled.');
    await fx.handle.db.update(visits).set({ status: 'assigned' }).where(eq(visits.id, moved.visitId));
    const cancelled = await dispatcher.appointments.cancel({
      appointmentId: moved.appointmentId,
      reason: 'Borrower paid by transfer',
      idempotencyKey: key('c'),
    });
    expect(cancelled.visitVersion).toBeGreaterThan(1);
    const [v] = await fx.handle.db
      .select({ status: visits.status, crewId: visits.crewId })
      .from(visits)
      .where(eq(visits.id, moved.visitId));
    expect(v).toEqual({ status: 'cancelled', crewId: null });
  });

  it('shows the phone to the dispatcher who calls, masks it for the manager, and keeps other teams out', async () => {
    const asDispatcher = await fx.as('dispatcher').appointments.caseFile({ caseId: fx.caseId });
    const asManager = await fx.as('manager').appointments.caseFile({ caseId: fx.caseId });
    expect(asDispatcher.case.phone).toMatch(/^\d{11}$/);
    expect(asManager.case.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(asDispatcher.policy).toMatchObject({ allowedStart: '08:00', allowedEnd: '22:00', minNoticeMinutes: 120 });
    const found = await fx.as('dispatcher').appointments.worklist({ q: asDispatcher.case.loanRef });
    expect(found.rows.map((c) => c.id)).toEqual([fx.caseId]);
    const logNoticeAsManager = await failure(
      fx.as('manager').appointments.logNotice({
        caseId: fx.caseId,
        stage: 'follow_up',
        channel: 'phone',
        result: 'x',
        idempotencyKey: key('m'),
      }),
    );
    expect(logNoticeAsManager?.code).toBe('FORBIDDEN');
  });

  it('cancelling an appointment on a crew route takes its visit off the route and closes the gap', async () => {
    const db = fx.handle.db;
    const tomorrow = addDays(TODAY, 1);
    const routed = await db
      .select({ id: visits.id, crewId: visits.crewId, appointmentId: visits.appointmentId, pos: visits.routePosition })
      .from(visits)
      .where(and(eq(visits.teamId, fx.teamId), eq(visits.visitDate, tomorrow), eq(visits.status, 'assigned')));
    const byCrew = new Map<string | null, typeof routed>();
    for (const v of routed) byCrew.set(v.crewId, [...(byCrew.get(v.crewId) ?? []), v]);
    const [crewId, stops] = [...byCrew].find(([, list]) => list.length >= 3) ?? [];
    const first = stops?.find((v) => v.pos === 1);
    if (!crewId || !first) throw new Error('no crew with three routed visits tomorrow');
    await fx.as('dispatcher').appointments.cancel({
      appointmentId: first.appointmentId,
      reason: 'Borrower asked to cancel',
      idempotencyKey: key('c'),
    });
    const left = await db
      .select({ pos: visits.routePosition, status: visits.status })
      .from(visits)
      .where(and(eq(visits.crewId, crewId), eq(visits.visitDate, tomorrow)));
    expect(left.map((v) => v.pos).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: (stops?.length ?? 0) - 1 }, (_, i) => i + 1),
    );
    const [gone] = await db
      .select({ status: visits.status, crewId: visits.crewId })
      .from(visits)
      .where(eq(visits.id, first.id));
    expect(gone).toEqual({ status: 'cancelled', crewId: null });
  });

  it('a follow-up call is not a notice: neither placing a visit nor agreeing a slot accepts one', async () => {
    const db = fx.handle.db;
    const [routed] = await db
      .select({
        id: visits.id,
        crewId: visits.crewId,
        arrival: visits.plannedArrival,
        caseId: appointments.caseId,
        addressId: appointments.addressId,
      })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
      .where(and(eq(visits.teamId, fx.teamId), eq(visits.visitDate, addDays(TODAY, 1)), eq(visits.status, 'assigned')))
      .limit(1);
    if (!routed?.crewId || !routed.arrival) throw new Error('no routed visit tomorrow');
    await db.update(contactAttempts).set({ stage: 'follow_up' }).where(eq(contactAttempts.caseId, routed.caseId));

    const dispatcher = fx.as('dispatcher');
    const check = await dispatcher.dispatch.checkMove({
      visitId: routed.id,
      crewId: routed.crewId,
      arrival: routed.arrival.toISOString(),
    });
    expect(check.violations.map((v) => v.code)).toContain('NO_NOTICE');
    const refused = await failure(
      dispatcher.appointments.agree({
        caseId: routed.caseId,
        addressId: routed.addressId,
        visitType: 'negotiation',
        via: 'phone',
        ...slotOn(6, '10:00', '12:00'),
        idempotencyKey: key('f'),
      }),
    );
    expect(refused?.message).toContain('No notice is logged on this case');
  });
});
