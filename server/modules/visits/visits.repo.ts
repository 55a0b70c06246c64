import { and, asc, eq, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import {
  addresses,
  appointments,
  borrowers,
  cases,
  crewMembers,
  crews,
  outcomes,
  visitPlace,
  visits,
} from '../../../drizzle/schema';
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

/** Visit rows, with `more` columns beside the row's own. */
function visitRowsQuery<More extends SelectedFields = Record<never, never>>(db: DbOrTx, more?: More) {
  return db
    .select({ ...visitRowColumns, ...(more as More) })
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

const agentRoute = builtOnce((db) =>
  visitRowsQuery(db, {
    checkInDistanceM: visits.checkInDistanceM,
    checkInFlagged: visits.checkInFlagged,
    outcomeCode: sql<string | null>`${visits.outcomeCode}::text`,
    outcomeVersion: sql<number | null>`(select o.version from ${outcomes} o where o.id = ${visits.currentOutcomeId})`,
  })
    // crew_members_agent_date_unique: the one crew the agent is in that day, or none.
    .where(
      sql`${visits.crewId} = (select cm.crew_id from ${crewMembers} cm where cm.agent_id = ${sql.placeholder('agentId')}
        and cm.work_date = ${sql.placeholder('date')})`,
    )
    .orderBy(asc(visits.routePosition), asc(visits.plannedArrival), asc(appointments.slotStart))
    .prepare('doorstep_agent_route'),
);

/**
 * The visits of the crew an agent is in on a date, in route order, with what the phone shows of each beyond the
 * row: the check-in's distance and flag, the current outcome's code and version. One statement, built once: it
 * names the crew by the agent and date, so it runs beside the read of the crew itself.
 */
export async function findAgentRoute(db: DbOrTx, agentId: string, date: string) {
  return agentRoute(db).execute({ agentId, date });
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
