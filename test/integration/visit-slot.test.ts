import { eq, ne, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { addresses, appointments, visits } from '../../drizzle/schema';
import type { DbHandle } from '../../server/db/client';
import { causes } from '../../server/db/pg-errors';
import { countCrewDays, visitCounts } from '../../server/modules/reports/dashboard.repo';
import { key, logSlotNotice, setUpCaseFixture, slotOn } from './helpers/case-fixture';

/**
 * The slot each visit carries (migration 0023: visits.slot_start/slot_end, what the reports' on-time check reads)
 * against its appointment's, row by row; visits_slot_fk holds them equal whatever writes them.
 */
async function expectSlotsAsAppointments(handle: DbHandle) {
  const rows = await handle.db
    .select({
      id: visits.id,
      start: visits.slotStart,
      end: visits.slotEnd,
      apptStart: appointments.slotStart,
      apptEnd: appointments.slotEnd,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId));
  for (const r of rows) expect([r.start, r.end], r.id).toEqual([r.apptStart, r.apptEnd]);
  return rows.length;
}

/**
 * The case and address each visit carries (migration 0032: visits.case_id/address_id, what the board's and the
 * route's rows join by) against its appointment's, row by row; visits_place_fk holds them equal.
 */
async function expectPlacesAsAppointments(handle: DbHandle) {
  const rows = await handle.db
    .select({
      id: visits.id,
      own: { caseId: visits.caseId, addressId: visits.addressId },
      appt: { caseId: appointments.caseId, addressId: appointments.addressId },
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId));
  for (const r of rows) expect(r.own, r.id).toEqual(r.appt);
  return rows.length;
}

/** On time by the visit's own slot (the reports) and by its appointment's, for every checked-in visit. */
async function onTimeBothWays(handle: DbHandle) {
  const [row] = await handle.db
    .select({
      stored: sql<number>`(count(*) filter (where ${visits.checkInAt} between ${visits.slotStart} and ${visits.slotEnd}))::int`,
      derived: sql<number>`(count(*) filter (where ${visits.checkInAt} between ${appointments.slotStart} and ${appointments.slotEnd}))::int`,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .where(sql`${visits.checkInAt} is not null`);
  return row;
}

describe("a visit's copy of its appointment's slot, case and address", () => {
  const fx = setUpCaseFixture();
  beforeEach(() => fx.freshCase());

  it('the seed and a slot agreed through the router store the appointment slot, case and address on the visit', async () => {
    expect(await expectSlotsAsAppointments(fx.handle)).toBeGreaterThan(10);
    expect(await expectPlacesAsAppointments(fx.handle)).toBeGreaterThan(10);
    await logSlotNotice(fx);
    const slot = slotOn(1, '14:00', '16:00');
    const agreed = await fx.as('dispatcher').appointments.agree({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      via: 'phone',
      ...slot,
      idempotencyKey: key('agree'),
    });
    const [v] = await fx.handle.db
      .select({
        start: visits.slotStart,
        end: visits.slotEnd,
        caseId: visits.caseId,
        addressId: visits.addressId,
        teamId: visits.teamId,
        date: visits.visitDate,
      })
      .from(visits)
      .where(eq(visits.id, agreed.visitId));
    expect(v).toMatchObject({
      start: new Date(slot.slotStart),
      end: new Date(slot.slotEnd),
      caseId: fx.caseId,
      addressId: fx.addressId,
    });
    await expectSlotsAsAppointments(fx.handle);
    // The board reads the address by the visit's copy: the one agreed.
    const [address] = await fx.handle.db.select().from(addresses).where(eq(addresses.id, fx.addressId));
    const board = await fx.as('dispatcher').dispatch.day({ teamId: v?.teamId as string, date: v?.date });
    expect(board.visits.find((x) => x.id === agreed.visitId)).toMatchObject({
      addressText: address?.text,
      lat: address?.lat,
      lng: address?.lng,
    });
  });

  it('the database refuses a visit whose address is not its appointment’s, and carries a changed one over', async () => {
    const [v] = await fx.handle.db
      .select({ id: visits.id, appointmentId: visits.appointmentId, addressId: visits.addressId })
      .from(visits)
      .where(ne(visits.addressId, fx.foreignAddressId))
      .limit(1);
    const refused = await fx.handle.db
      .update(visits)
      .set({ addressId: fx.foreignAddressId })
      .where(eq(visits.id, v?.id as string))
      .catch((err: unknown) => err);
    expect([...causes(refused)].find((e) => e.code === '23503')?.constraint).toBe('visits_place_fk');
    const appointment = eq(appointments.id, v?.appointmentId as string);
    await fx.handle.db.update(appointments).set({ addressId: fx.foreignAddressId }).where(appointment);
    const [after] = await fx.handle.db
      .select({ addressId: visits.addressId })
      .from(visits)
      .where(eq(visits.id, v?.id as string));
    expect(after?.addressId).toBe(fx.foreignAddressId);
    await fx.handle.db
      .update(appointments)
      .set({ addressId: v?.addressId as string })
      .where(appointment);
    await expectPlacesAsAppointments(fx.handle);
  });

  it('the database refuses a visit whose slot is not its appointment’s, and carries a changed slot over', async () => {
    const [v] = await fx.handle.db
      .select({ id: visits.id, appointmentId: visits.appointmentId, start: visits.slotStart, end: visits.slotEnd })
      .from(visits)
      .limit(1);
    if (!v) throw new Error('no visit in the fixture');
    const hour = 3_600_000;
    const refused = await fx.handle.db
      .update(visits)
      .set({ slotStart: new Date(v.start.getTime() + hour) })
      .where(eq(visits.id, v.id))
      .then(
        () => null,
        (err: unknown) => err,
      );
    // 23503 foreign_key_violation, on the composite key that ties the copy to the appointment.
    expect([...causes(refused)].find((e) => e.code === '23503')?.constraint).toBe('visits_slot_fk');
    const moved = { slotStart: new Date(v.start.getTime() - hour), slotEnd: new Date(v.end.getTime() + hour) };
    await fx.handle.db.update(appointments).set(moved).where(eq(appointments.id, v.appointmentId));
    const [after] = await fx.handle.db
      .select({ slotStart: visits.slotStart, slotEnd: visits.slotEnd })
      .from(visits)
      .where(eq(visits.id, v.id));
    expect(after).toEqual(moved);
    await fx.handle.db
      .update(appointments)
      .set({ slotStart: v.start, slotEnd: v.end })
      .where(eq(appointments.id, v.appointmentId));
    await expectSlotsAsAppointments(fx.handle);
  });

  it("the dashboard's on-time count, read from the visits alone, is the count by each appointment", async () => {
    const both = await onTimeBothWays(fx.handle);
    expect(both?.stored).toBe(both?.derived);
    const [range] = await fx.handle.db
      .select({ from: sql<string>`min(${visits.visitDate})::text`, to: sql<string>`max(${visits.visitDate})::text` })
      .from(visits);
    const scope = { teamIds: null, from: range?.from as string, to: range?.to as string };
    const counts = await visitCounts(fx.handle.db, scope);
    const whole = counts.find((c) => c.grouping === 15);
    const [planned] = await fx.handle.db
      .select({
        onTime: sql<number>`(count(*) filter (where ${visits.status} <> 'cancelled'
          and ${visits.checkInAt} between ${appointments.slotStart} and ${appointments.slotEnd}))::int`,
      })
      .from(visits)
      .innerJoin(appointments, eq(appointments.id, visits.appointmentId));
    expect(whole?.onTime).toBe(planned?.onTime);
    expect(await countCrewDays(fx.handle.db, scope)).toBeGreaterThanOrEqual(0);
  });
});
