import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import {
  addresses,
  appointments,
  borrowers,
  cases,
  crewMembers,
  crews,
  users,
  visitPlace,
  visits,
} from '../../../drizzle/schema';
import type { CrewStop, PlacedVisit } from '../../../shared/rules/placement';
import type { DbOrTx } from '../../db/client';
import { noticeLogged } from '../../db/sql/notice.sql';

/** The visit being placed, with what the rules and the locking need to know. */
export interface VisitFacts extends PlacedVisit {
  teamId: string;
  status: string;
  version: number;
  crewId: string | null;
  pinned: boolean;
  updatedAt: Date;
  updatedByName: string | null;
}

/**
 * Loads a visit with its slot, case notice, address ownership and last editor; null when it does not exist.
 * With `lock` the visit row stays locked until the transaction ends, so a change starts from what is there now.
 */
export async function findVisitFacts(db: DbOrTx, visitId: string, lock = false): Promise<VisitFacts | null> {
  const query = db
    .select({
      id: visits.id,
      teamId: visits.teamId,
      status: visits.status,
      version: visits.version,
      crewId: visits.crewId,
      pinned: visits.pinned,
      visitDate: visits.visitDate,
      serviceMinutes: visits.serviceMinutes,
      requiredSkills: visits.requiredSkills,
      updatedAt: visits.updatedAt,
      updatedByName: users.displayName,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      agreedAt: appointments.agreedAt,
      borrowerConfirmed: appointments.borrowerConfirmed,
      borrowerId: cases.borrowerId,
      addressOwner: addresses.borrowerId,
      lat: visitPlace.lat,
      lng: visitPlace.lng,
      noticeLogged: noticeLogged(cases.id, appointments.agreedAt),
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .leftJoin(users, eq(users.id, visits.updatedBy))
    .where(eq(visits.id, visitId))
    .limit(1);
  const [row] = lock ? await query.for('update', { of: visits }) : await query;
  if (!row) return null;
  const { addressOwner, lat, lng, noticeLogged: logged, ...rest } = row;
  return {
    ...rest,
    noticeLogged: Boolean(logged),
    addressIsBorrowers: addressOwner === row.borrowerId,
    place: { lat, lng },
  };
}

/** The crew's other timed visits (not cancelled), as stops the overlap and travel rules compare against. */
export async function findCrewStops(db: DbOrTx, crewId: string, exceptVisitId: string): Promise<CrewStop[]> {
  const rows = await db
    .select({
      id: visits.id,
      arrival: visits.plannedArrival,
      serviceMinutes: visits.serviceMinutes,
      lat: visitPlace.lat,
      lng: visitPlace.lng,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .where(and(eq(visits.crewId, crewId), ne(visits.id, exceptVisitId), ne(visits.status, 'cancelled')));
  return rows.flatMap((r) =>
    r.arrival
      ? [{ id: r.id, arrival: r.arrival, serviceMinutes: r.serviceMinutes, place: { lat: r.lat, lng: r.lng } }]
      : [],
  );
}

/** When the borrower's other active visits happen (planned arrival, else the slot start). */
export async function findBorrowerVisitTimes(db: DbOrTx, borrowerId: string, exceptVisitId: string): Promise<Date[]> {
  const rows = await db
    .select({
      at: sql<Date>`coalesce(${visits.plannedArrival}, ${appointments.slotStart})`.mapWith(appointments.slotStart),
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .where(
      and(eq(cases.borrowerId, borrowerId), ne(visits.id, exceptVisitId), notInArray(visits.status, ['cancelled'])),
    );
  return rows.map((r) => r.at);
}

/** Serialises writers of one crew's route, so two dispatchers cannot double-book it concurrently. */
export async function lockCrew(tx: DbOrTx, crewId: string): Promise<void> {
  await tx.execute(sql`select id from crews where id = ${crewId} for update`);
}

interface VisitPlacement {
  status: 'assigned' | 'unassigned';
  crewId: string | null;
  agentId: string | null;
  secondAgentId: string | null;
  plannedArrival: Date | null;
}

/** Writes a placement if the visit is still at `version`; returns the new version or null when it was stale. */
export async function updatePlacement(
  tx: DbOrTx,
  visitId: string,
  version: number,
  p: Partial<VisitPlacement> & { pinned?: boolean; trayReason?: string | null },
  by: { userId: string; at: Date },
): Promise<number | null> {
  const rows = await tx
    .update(visits)
    .set({
      // A visit placed again has no reason to be in the tray; one put back by an organisation change says why.
      trayReason: null,
      ...p,
      ...(p.status === 'unassigned' ? { routePosition: null } : {}),
      version: sql`${visits.version} + 1`,
      updatedBy: by.userId,
      updatedAt: by.at,
    })
    .where(and(eq(visits.id, visitId), eq(visits.version, version)))
    .returning({ version: visits.version });
  return rows[0]?.version ?? null;
}

/** Cancels a (locked) visit and takes it off its crew's route: crew, agents, arrival, position and pin; the new version. */
export async function cancelVisitRow(tx: DbOrTx, visitId: string, by: { userId: string | null; at: Date }) {
  const [row] = await tx
    .update(visits)
    .set({
      status: 'cancelled',
      crewId: null,
      agentId: null,
      secondAgentId: null,
      plannedArrival: null,
      routePosition: null,
      pinned: false,
      version: sql`${visits.version} + 1`,
      updatedBy: by.userId,
      updatedAt: by.at,
    })
    .where(eq(visits.id, visitId))
    .returning({ version: visits.version });
  if (!row) throw new Error(`visit ${visitId} vanished while locked`);
  return row.version;
}

/** Numbers a crew's visits 1..n by planned arrival (route order is derived, so versions stay unchanged). */
export async function renumberCrewRoute(tx: DbOrTx, crewId: string): Promise<void> {
  await tx.execute(sql`
    update visits v set route_position = r.pos
    from (select id, row_number() over (order by planned_arrival, id) as pos
          from visits where crew_id = ${crewId} and status <> 'cancelled' and planned_arrival is not null) r
    where v.id = r.id and v.route_position is distinct from r.pos`);
}

/** A visit on a crew that an organisation change (leave, a shorter shift, a crew split …) would take off it. */
export interface AffectedVisit {
  visitId: string;
  teamId: string;
  visitDate: string;
  version: number;
  status: string;
  crewId: string;
  crewName: string;
  slotStart: Date;
  slotEnd: Date;
  borrowerName: string;
}

/**
 * Visits still to happen and on a crew (nobody set out yet) of a team between two dates: of the given crews, or of
 * crews one of the given agents belongs to, with the given statuses. Locked with `lock`, oldest slot first.
 */
export async function findCrewVisits(
  db: DbOrTx,
  q: { teamId: string; from: string; to: string; crewIds?: string[]; agentIds?: string[]; statuses: readonly string[] },
  lock = false,
): Promise<AffectedVisit[]> {
  const byCrew = q.crewIds ? inArray(visits.crewId, q.crewIds) : undefined;
  const byAgent = q.agentIds
    ? inArray(
        visits.crewId,
        db.select({ id: crewMembers.crewId }).from(crewMembers).where(inArray(crewMembers.agentId, q.agentIds)),
      )
    : undefined;
  const query = db
    .select({
      visitId: visits.id,
      teamId: visits.teamId,
      visitDate: visits.visitDate,
      version: visits.version,
      status: visits.status,
      crewId: sql<string>`${visits.crewId}`,
      crewName: crews.name,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      borrowerName: borrowers.fullName,
    })
    .from(visits)
    .innerJoin(crews, eq(crews.id, visits.crewId))
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .where(
      and(
        eq(visits.teamId, q.teamId),
        sql`${visits.visitDate} between ${q.from} and ${q.to}`,
        inArray(visits.status, q.statuses as never[]),
        byCrew,
        byAgent,
      ),
    )
    .orderBy(appointments.slotStart, visits.id);
  return lock ? query.for('update', { of: visits }) : query;
}
