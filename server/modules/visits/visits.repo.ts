import { and, asc, eq, sql } from 'drizzle-orm';
import { addresses, appointments, borrowers, cases, crews, visitPlace, visits } from '../../../drizzle/schema';
import { builtOnce } from '../../db/built-once';
import type { DbOrTx } from '../../db/client';

const visitRowColumns = {
  id: visits.id,
  teamId: visits.teamId,
  visitDate: visits.visitDate,
  status: visits.status,
  visitType: visits.visitType,
  slotStart: appointments.slotStart,
  slotEnd: appointments.slotEnd,
  plannedArrival: visits.plannedArrival,
  routePosition: visits.routePosition,
  crewId: visits.crewId,
  crewName: crews.name,
  priority: visits.priority,
  pinned: visits.pinned,
  version: visits.version,
  trayReason: visits.trayReason,
  serviceMinutes: visits.serviceMinutes,
  borrowerName: borrowers.fullName,
  borrowerPhone: borrowers.phone,
  borrowerIdNumber: borrowers.idNumber,
  addressText: addresses.text,
  district: addresses.district,
  lat: visitPlace.lat,
  lng: visitPlace.lng,
  overdueAmountCents: cases.overdueAmountCents,
  daysPastDue: cases.daysPastDue,
  caseId: cases.id,
  loanRef: cases.loanRef,
  checkInAt: visits.checkInAt,
  checkOutAt: visits.checkOutAt,
};

function visitRowsQuery(db: DbOrTx) {
  return db
    .select(visitRowColumns)
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .leftJoin(crews, eq(crews.id, visits.crewId));
}

/** A visit joined with its appointment, case, borrower, address and crew (raw PII: mask before returning). */
export type VisitRow = Awaited<ReturnType<typeof findTeamDayVisits>>[number];

const teamDayVisits = builtOnce((db) =>
  visitRowsQuery(db)
    .where(and(eq(visits.teamId, sql.placeholder('teamId')), eq(visits.visitDate, sql.placeholder('date'))))
    .orderBy(asc(appointments.slotStart), asc(visits.routePosition), asc(visits.id))
    .prepare('doorstep_team_day_visits'),
);

/** Every visit of a team on a local date, in slot order (uses visits_team_reports_idx); the board's read, built once. */
export async function findTeamDayVisits(db: DbOrTx, teamId: string, date: string) {
  return teamDayVisits(db).execute({ teamId, date });
}

/** The visits of one crew in route order. */
export async function findCrewVisits(db: DbOrTx, crewId: string) {
  return visitRowsQuery(db)
    .where(eq(visits.crewId, crewId))
    .orderBy(asc(visits.routePosition), asc(visits.plannedArrival), asc(appointments.slotStart));
}

/** One visit with its slot, borrower and address, or null. */
export async function findVisitRow(db: DbOrTx, id: string): Promise<VisitRow | null> {
  const [row] = await visitRowsQuery(db).where(eq(visits.id, id)).limit(1);
  return row ?? null;
}

/** Marks a visit missed if it is still at `version`; returns the new version, or null when it was stale. */
export async function updateToMissed(
  tx: DbOrTx,
  visitId: string,
  version: number,
  by: { userId: string; at: Date },
): Promise<number | null> {
  const [row] = await tx
    .update(visits)
    .set({ status: 'missed', version: sql`${visits.version} + 1`, updatedBy: by.userId, updatedAt: by.at })
    .where(and(eq(visits.id, visitId), eq(visits.version, version)))
    .returning({ version: visits.version });
  return row?.version ?? null;
}
