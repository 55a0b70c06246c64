import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  addresses,
  agents,
  appointments,
  borrowers,
  cases,
  crewMembers,
  crews,
  policySettings,
  shifts,
  visits,
} from '../../../drizzle/schema';
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
  serviceMinutes: visits.serviceMinutes,
  borrowerName: borrowers.fullName,
  borrowerPhone: borrowers.phone,
  borrowerIdNumber: borrowers.idNumber,
  addressText: addresses.text,
  district: addresses.district,
  lat: addresses.lat,
  lng: addresses.lng,
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

/** Every visit of a team on a local date, in slot order (uses visits_team_date_idx). */
export async function findTeamDayVisits(db: DbOrTx, teamId: string, date: string) {
  return visitRowsQuery(db)
    .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, date)))
    .orderBy(asc(appointments.slotStart), asc(visits.routePosition), asc(visits.id));
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

export interface CrewDto {
  id: string;
  name: string;
  workDate: string;
  members: Array<{ agentId: string; fullName: string; badgeNo: string; isLead: boolean }>;
  shiftStart: Date | null;
  shiftEnd: Date | null;
}

async function crewsWithMembers(db: DbOrTx, crewRows: Array<{ id: string; name: string; workDate: string }>) {
  if (crewRows.length === 0) return [];
  const members = await db
    .select({
      crewId: crewMembers.crewId,
      agentId: agents.id,
      fullName: agents.fullName,
      badgeNo: agents.badgeNo,
      isLead: crewMembers.isLead,
      shiftStart: shifts.startsAt,
      shiftEnd: shifts.endsAt,
    })
    .from(crewMembers)
    .innerJoin(agents, eq(agents.id, crewMembers.agentId))
    .leftJoin(shifts, and(eq(shifts.agentId, crewMembers.agentId), eq(shifts.workDate, crewMembers.workDate)))
    .where(
      inArray(
        crewMembers.crewId,
        crewRows.map((c) => c.id),
      ),
    )
    .orderBy(sql`${crewMembers.isLead} desc`, asc(agents.fullName));
  return crewRows.map((c): CrewDto => {
    const mine = members.filter((m) => m.crewId === c.id);
    // A crew works while all its members are on shift: the latest start and the earliest end.
    const starts = mine.flatMap((m) => (m.shiftStart ? [m.shiftStart.getTime()] : []));
    const ends = mine.flatMap((m) => (m.shiftEnd ? [m.shiftEnd.getTime()] : []));
    return {
      ...c,
      members: mine.map((m) => ({
        agentId: m.agentId,
        fullName: m.fullName,
        badgeNo: m.badgeNo,
        isLead: m.isLead === 1,
      })),
      shiftStart: starts.length ? new Date(Math.max(...starts)) : null,
      shiftEnd: ends.length ? new Date(Math.min(...ends)) : null,
    };
  });
}

/** The crews of a team on a date with members and their common shift window. */
export async function findTeamDayCrews(db: DbOrTx, teamId: string, date: string): Promise<CrewDto[]> {
  const rows = await db
    .select({ id: crews.id, name: crews.name, workDate: crews.workDate })
    .from(crews)
    .where(and(eq(crews.teamId, teamId), eq(crews.workDate, date)))
    .orderBy(asc(crews.name));
  return crewsWithMembers(db, rows);
}

/** The crew an agent belongs to on a date, if any. */
export async function findAgentCrew(db: DbOrTx, agentId: string, date: string): Promise<CrewDto | null> {
  const rows = await db
    .select({ id: crews.id, name: crews.name, workDate: crews.workDate })
    .from(crewMembers)
    .innerJoin(crews, eq(crews.id, crewMembers.crewId))
    .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.workDate, date)));
  const [crew] = await crewsWithMembers(db, rows);
  return crew ?? null;
}

/** Whether the agent is a member of the crew (crews exist per date, so this also fixes the day). */
export async function isAgentInCrew(db: DbOrTx, agentId: string, crewId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(crewMembers)
    .where(and(eq(crewMembers.agentId, agentId), eq(crewMembers.crewId, crewId)))
    .limit(1);
  return Boolean(row);
}

/** The time zone of a team (policy setting). */
export async function findTeamTimeZone(db: DbOrTx, teamId: string): Promise<string | null> {
  const [row] = await db
    .select({ tz: policySettings.timeZone })
    .from(policySettings)
    .where(eq(policySettings.teamId, teamId))
    .limit(1);
  return row?.tz ?? null;
}

/** The team an agent works in. */
export async function findAgentTeam(db: DbOrTx, agentId: string): Promise<string | null> {
  const [row] = await db.select({ teamId: agents.teamId }).from(agents).where(eq(agents.id, agentId)).limit(1);
  return row?.teamId ?? null;
}
