import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { addresses, agents, appointments, outcomes, policySettings, users, visits } from '../../../drizzle/schema';
import type { VisitStatus } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

/** What the status flow and check-in rules need about one visit, with the team's policy. */
export interface FieldVisit {
  id: string;
  teamId: string;
  caseId: string;
  visitDate: string;
  status: VisitStatus;
  version: number;
  crewId: string | null;
  slotStart: Date;
  slotEnd: Date;
  lat: number;
  lng: number;
  district: string;
  updatedAt: Date;
  updatedByName: string | null;
  timeZone: string | null;
  allowedStart: string | null;
  allowedEnd: string | null;
  thresholdM: number | null;
}

/** One visit for the field flow, or null. */
export async function findFieldVisit(db: DbOrTx, visitId: string): Promise<FieldVisit | null> {
  const [row] = await db
    .select({
      id: visits.id,
      teamId: visits.teamId,
      caseId: appointments.caseId,
      visitDate: visits.visitDate,
      status: visits.status,
      version: visits.version,
      crewId: visits.crewId,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      lat: addresses.lat,
      lng: addresses.lng,
      district: addresses.district,
      updatedAt: visits.updatedAt,
      updatedByName: users.displayName,
      timeZone: policySettings.timeZone,
      allowedStart: policySettings.allowedStart,
      allowedEnd: policySettings.allowedEnd,
      thresholdM: policySettings.checkInDistanceThresholdM,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .leftJoin(users, eq(users.id, visits.updatedBy))
    .leftJoin(policySettings, eq(policySettings.teamId, visits.teamId))
    .where(eq(visits.id, visitId))
    .limit(1);
  return row ?? null;
}

export interface VisitPatch {
  status: VisitStatus;
  enRouteAt?: Date;
  checkInAt?: Date;
  checkInLat?: number;
  checkInLng?: number;
  checkInDistanceM?: number;
  checkInFlagged?: boolean;
  checkOutAt?: Date;
}

/**
 * Applies a status change only if the visit still has the version the caller saw (optimistic locking);
 * returns the new version, or null when someone else changed it first.
 */
export async function updateVisitIfVersion(
  tx: DbOrTx,
  visitId: string,
  version: number,
  patch: VisitPatch & { updatedBy: string; updatedAt: Date },
): Promise<number | null> {
  const rows = await tx
    .update(visits)
    .set({ ...patch, version: sql`${visits.version} + 1` })
    .where(and(eq(visits.id, visitId), eq(visits.version, version)))
    .returning({ version: visits.version });
  return rows[0]?.version ?? null;
}

/** Check-in facts and the latest outcome code and version of the given visits (for the route screen). */
export async function findRouteExtras(db: DbOrTx, visitIds: string[]) {
  if (visitIds.length === 0) return [];
  const [rows, versions] = await Promise.all([
    db
      .select({
        id: visits.id,
        checkInAt: visits.checkInAt,
        checkInDistanceM: visits.checkInDistanceM,
        checkInFlagged: visits.checkInFlagged,
      })
      .from(visits)
      .where(inArray(visits.id, visitIds)),
    db
      .select({ visitId: outcomes.visitId, code: outcomes.code, version: outcomes.version })
      .from(outcomes)
      .where(inArray(outcomes.visitId, visitIds))
      .orderBy(asc(outcomes.version)),
  ]);
  // Ascending versions: the last one written per visit is its latest.
  const latest = new Map(versions.map((o) => [o.visitId, o]));
  return rows.map((r) => ({
    ...r,
    outcomeCode: (latest.get(r.id)?.code ?? null) as string | null,
    outcomeVersion: latest.get(r.id)?.version ?? null,
  }));
}

/** The agent as the badge shows them. */
export async function findAgentIdentity(db: DbOrTx, agentId: string) {
  const [row] = await db
    .select({
      id: agents.id,
      fullName: agents.fullName,
      badgeNo: agents.badgeNo,
      photoUrl: agents.photoUrl,
      credentialValidFrom: agents.credentialValidFrom,
      credentialValidTo: agents.credentialValidTo,
      teamId: agents.teamId,
    })
    .from(agents)
    .where(eq(agents.id, agentId))
    .limit(1);
  return row ?? null;
}
