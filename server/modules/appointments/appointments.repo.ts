import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { addresses, appointments, cases, visits } from '../../../drizzle/schema';
import type { ContactChannel, VisitType } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

/** The case's appointments, newest slot first, each with its visit. */
export async function findCaseAppointments(db: DbOrTx, caseId: string) {
  return db
    .select({
      id: appointments.id,
      addressId: appointments.addressId,
      addressText: addresses.text,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      agreedAt: appointments.agreedAt,
      agreedVia: appointments.agreedVia,
      status: appointments.status,
      supersedesId: appointments.supersedesId,
      notes: appointments.notes,
      visitId: visits.id,
      visitType: visits.visitType,
      visitStatus: visits.status,
      visitDate: visits.visitDate,
    })
    .from(appointments)
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .leftJoin(visits, eq(visits.appointmentId, appointments.id))
    .where(eq(appointments.caseId, caseId))
    .orderBy(desc(appointments.slotStart));
}

/** An appointment with its visit and case, for a reschedule or a cancellation; null when unknown. */
export async function findAppointment(db: DbOrTx, appointmentId: string) {
  const [row] = await db
    .select({
      id: appointments.id,
      caseId: appointments.caseId,
      addressId: appointments.addressId,
      status: appointments.status,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      teamId: cases.teamId,
      visitId: visits.id,
      visitStatus: visits.status,
      visitVersion: visits.version,
      visitType: visits.visitType,
      crewId: visits.crewId,
    })
    .from(appointments)
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .leftJoin(visits, eq(visits.appointmentId, appointments.id))
    .where(eq(appointments.id, appointmentId))
    .limit(1);
  return row ?? null;
}

export type AppointmentRow = NonNullable<Awaited<ReturnType<typeof findAppointment>>>;

/** Creates the appointment and its visit, waiting in the dispatcher's tray (unassigned). */
export async function insertAppointmentWithVisit(
  tx: DbOrTx,
  a: {
    caseId: string;
    addressId: string;
    teamId: string;
    slotStart: Date;
    slotEnd: Date;
    agreedAt: Date;
    via: ContactChannel;
    notes: string | null;
    supersedesId: string | null;
    userId: string | null;
    visitDate: string;
    visitType: VisitType;
    serviceMinutes: number;
    priority: number;
  },
) {
  const [appointment] = await tx
    .insert(appointments)
    .values({
      caseId: a.caseId,
      addressId: a.addressId,
      slotStart: a.slotStart,
      slotEnd: a.slotEnd,
      agreedAt: a.agreedAt,
      agreedVia: a.via,
      borrowerConfirmed: true,
      notes: a.notes,
      supersedesId: a.supersedesId,
      createdBy: a.userId,
    })
    .returning({ id: appointments.id });
  const appointmentId = appointment?.id as string;
  const [visit] = await tx
    .insert(visits)
    .values({
      appointmentId,
      teamId: a.teamId,
      visitDate: a.visitDate,
      // The slot's copy the reports read (visits_slot_fk holds it equal to the appointment's).
      slotStart: a.slotStart,
      slotEnd: a.slotEnd,
      // The case and address the board's and the route's rows join by (visits_place_fk holds them equal).
      caseId: a.caseId,
      addressId: a.addressId,
      visitType: a.visitType,
      serviceMinutes: a.serviceMinutes,
      priority: a.priority,
      updatedBy: a.userId,
      updatedAt: a.agreedAt,
    })
    .returning({ id: visits.id, version: visits.version });
  return { appointmentId, visitId: visit?.id as string, version: visit?.version as number };
}

/** Ends an appointment; its visit is cancelled through dispatch's cancelVisit, in the same transaction. */
export async function setAppointmentStatus(tx: DbOrTx, appointmentId: string, status: 'rescheduled' | 'cancelled') {
  await tx.update(appointments).set({ status }).where(eq(appointments.id, appointmentId));
}

/** Slots already taken in the team on a local date: agreed appointments whose visit is not cancelled. */
export async function findTakenSlots(db: DbOrTx, teamId: string, date: string) {
  return db
    .select({ slotStart: appointments.slotStart, slotEnd: appointments.slotEnd })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, date), notInArray(visits.status, ['cancelled'])));
}

/**
 * Serialises bookings into one team's slots until the transaction ends (a slot's last place goes to one borrower).
 * FOR NO KEY UPDATE, not FOR UPDATE: two bookings still exclude each other, but a row that only refers to the team
 * (an audit entry's, a visit's foreign key takes a key share) is not held up — with FOR UPDATE a writer's audit
 * entry for the team waited for the booking while the booking waited for that writer's audit-chain lock: a
 * deadlock PostgreSQL broke only after deadlock_timeout (docs/scale.md, session 32).
 */
export async function lockTeamBookings(tx: DbOrTx, teamId: string): Promise<void> {
  await tx.execute(sql`select id from teams where id = ${teamId} for no key update`);
}
