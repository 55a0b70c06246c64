import { and, asc, eq, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { addresses, borrowers, cases, crews, outcomes, visitPlace, visits } from '../../../drizzle/schema';
import { builtOnce } from '../../db/built-once';
import type { DbOrTx } from '../../db/client';
import { type DayAsk, dayParams, teamDayValue } from '../../db/sql/team-day.sql';

/**
 * What a board shows of a visit: its crew by id only (the board sends each crew once), no ID number (a list masks
 * it anyway), none of the detail's own facts — so no crews join (192 of the busiest board's 1,521 buffers,
 * docs/scale.md session 31).
 */
const listColumns = {
  id: visits.id,
  status: visits.status,
  visitType: visits.visitType,
  slotStart: visits.slotStart,
  slotEnd: visits.slotEnd,
  plannedArrival: visits.plannedArrival,
  routePosition: visits.routePosition,
  crewId: visits.crewId,
  priority: visits.priority,
  pinned: visits.pinned,
  version: visits.version,
  trayReason: visits.trayReason,
  borrowerName: borrowers.fullName,
  borrowerPhone: borrowers.phone,
  addressText: addresses.text,
  district: addresses.district,
  lat: visitPlace.lat,
  lng: visitPlace.lng,
  overdueAmountCents: cases.overdueAmountCents,
  daysPastDue: cases.daysPastDue,
};

/** The rest of a visit's row: its team and day, crew name, ID number, case and check-in facts. */
const detailColumns = {
  teamId: visits.teamId,
  visitDate: visits.visitDate,
  crewName: crews.name,
  serviceMinutes: visits.serviceMinutes,
  borrowerIdNumber: borrowers.idNumber,
  caseId: cases.id,
  loanRef: cases.loanRef,
  checkInAt: visits.checkInAt,
  checkOutAt: visits.checkOutAt,
};

/**
 * Visits joined with their case, borrower and address: a list's columns and `more`. The slot, case and address are
 * the visit's copies of its appointment's (visits_slot_fk, visits_place_fk), so no appointment is looked up: 4 of a
 * visit's 15 buffers and a third of the board read's CPU (docs/scale.md, session 33).
 */
function joinedVisits<More extends SelectedFields = Record<never, never>>(db: DbOrTx, more?: More) {
  return db
    .select({ ...listColumns, ...(more as More) })
    .from(visits)
    .innerJoin(cases, eq(cases.id, visits.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(addresses, eq(addresses.id, visits.addressId));
}

/** Visit rows, with `more` columns beside the row's own. */
function visitRowsQuery<More extends SelectedFields = Record<never, never>>(db: DbOrTx, more?: More) {
  return joinedVisits(db, { ...detailColumns, ...(more as More) }).leftJoin(crews, eq(crews.id, visits.crewId));
}

/** A visit joined with its appointment, case, borrower, address and crew (raw PII: mask before returning). */
export type VisitRow = Awaited<ReturnType<typeof visitRowsQuery<Record<never, never>>>>[number];

const teamDayVisits = builtOnce((db) =>
  joinedVisits(db)
    .where(
      and(
        eq(visits.teamId, sql.placeholder('teamId')),
        eq(visits.visitDate, teamDayValue(sql`${sql.placeholder('teamId')}`)),
      ),
    )
    .orderBy(asc(visits.slotStart), asc(visits.routePosition), asc(visits.id))
    .prepare('doorstep_board_day_visits'),
);

/** A visit as a board reads it (raw phone: present it for the caller's role). */
export type BoardVisitRow = Awaited<ReturnType<typeof findTeamDayVisits>>[number];

/**
 * Every visit of a team on a local date (or today in its zone), in slot order (uses visits_team_reports_idx); the
 * board's read, built once.
 */
export async function findTeamDayVisits(db: DbOrTx, teamId: string, day: DayAsk) {
  return teamDayVisits(db).execute({ teamId, ...dayParams(day) });
}

const crewRoute = builtOnce((db) =>
  visitRowsQuery(db, {
    checkInDistanceM: visits.checkInDistanceM,
    checkInFlagged: visits.checkInFlagged,
    outcomeCode: sql<string | null>`${visits.outcomeCode}::text`,
    outcomeVersion: sql<number | null>`(select o.version from ${outcomes} o where o.id = ${visits.currentOutcomeId})`,
  })
    // visits_crew_date_idx (a crew is of one date).
    .where(eq(visits.crewId, sql.placeholder('crewId')))
    .orderBy(asc(visits.routePosition), asc(visits.plannedArrival), asc(visits.slotStart))
    .prepare('doorstep_crew_route'),
);

/**
 * A crew's visits in route order, with what the phone shows of each beyond the row: the check-in's distance and
 * flag, the current outcome's code and version. One statement, built once.
 */
export async function findCrewRoute(db: DbOrTx, crewId: string) {
  return crewRoute(db).execute({ crewId });
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
