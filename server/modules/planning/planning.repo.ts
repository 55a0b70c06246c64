import { and, eq, inArray, ne } from 'drizzle-orm';
import {
  addresses,
  appointments,
  borrowers,
  cases,
  routePlans,
  users,
  visitPlace,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { noticeLogged } from '../../db/sql/notice.sql';

/** One visit of the team-day as the planner sees it. */
export type PlanVisit = Awaited<ReturnType<typeof findPlanVisits>>[number];

/** Every non-cancelled visit of a team-day with slot, place, skills, state and the last check-in position. */
export async function findPlanVisits(db: DbOrTx, teamId: string, date: string) {
  return db
    .select({
      id: visits.id,
      status: visits.status,
      version: visits.version,
      crewId: visits.crewId,
      pinned: visits.pinned,
      priority: visits.priority,
      serviceMinutes: visits.serviceMinutes,
      requiredSkills: visits.requiredSkills,
      plannedArrival: visits.plannedArrival,
      checkInAt: visits.checkInAt,
      checkOutAt: visits.checkOutAt,
      checkInLat: visits.checkInLat,
      checkInLng: visits.checkInLng,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      agreedAt: appointments.agreedAt,
      borrowerConfirmed: appointments.borrowerConfirmed,
      borrowerName: borrowers.fullName,
      addressOwner: addresses.borrowerId,
      borrowerId: cases.borrowerId,
      lat: visitPlace.lat,
      lng: visitPlace.lng,
      noticeLogged: noticeLogged(cases.id, appointments.agreedAt),
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .where(and(eq(visits.teamId, teamId), eq(visits.visitDate, date), ne(visits.status, 'cancelled')))
    .orderBy(visits.id);
}

/** Records an applied crew route (the plan history a manager can review). */
export async function insertRoutePlan(
  tx: DbOrTx,
  row: {
    teamId: string;
    crewId: string;
    planDate: string;
    stops: Array<{ visitId: string; position: number; plannedArrival: string }>;
    distanceM: number;
    durationS: number;
    solverStats: Record<string, unknown>;
    appliedBy: string;
    appliedAt: Date;
  },
): Promise<string> {
  const [out] = await tx.insert(routePlans).values(row).returning({ id: routePlans.id });
  return out?.id ?? '';
}

/**
 * Versions and last editors of visits, for re-checking a plan computed a while ago; locked until the transaction
 * ends (in id order, so two writers never deadlock): what was checked is what gets written, with no change
 * slipping in between.
 */
export async function findVisitVersions(db: DbOrTx, visitIds: string[]) {
  if (visitIds.length === 0) return [];
  return db
    .select({
      id: visits.id,
      version: visits.version,
      updatedAt: visits.updatedAt,
      updatedByName: users.displayName,
    })
    .from(visits)
    .leftJoin(users, eq(users.id, visits.updatedBy))
    .where(inArray(visits.id, visitIds))
    .orderBy(visits.id)
    .for('update', { of: visits });
}
