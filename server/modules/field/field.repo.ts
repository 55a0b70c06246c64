import { and, eq, sql } from 'drizzle-orm';
import {
  addresses,
  agents,
  appointments,
  borrowers,
  cases,
  policySettings,
  users,
  visitPlace,
  visits,
} from '../../../drizzle/schema';
import type { VisitStatus } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';
import { policyRowInEffect } from '../../db/sql/effective-policy.sql';

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
  updatedBy: string | null;
  updatedByName: string | null;
  enRouteAt: Date | null;
  checkInAt: Date | null;
  borrowerName: string;
  timeZone: string | null;
  allowedStart: string | null;
  allowedEnd: string | null;
  thresholdM: number | null;
}

/**
 * One visit for the field flow, or null. `lock` takes the visit row's lock (FOR UPDATE) so a field record and a
 * dispatcher's change of the same visit are decided one after the other, each on what the other left.
 */
export async function findFieldVisit(db: DbOrTx, visitId: string, lock = false): Promise<FieldVisit | null> {
  const query = db
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
      lat: visitPlace.lat,
      lng: visitPlace.lng,
      district: addresses.district,
      updatedAt: visits.updatedAt,
      updatedBy: visits.updatedBy,
      updatedByName: users.displayName,
      enRouteAt: visits.enRouteAt,
      checkInAt: visits.checkInAt,
      borrowerName: borrowers.fullName,
      timeZone: policySettings.timeZone,
      allowedStart: policySettings.allowedStart,
      allowedEnd: policySettings.allowedEnd,
      thresholdM: policySettings.checkInDistanceThresholdM,
    })
    .from(visits)
    .innerJoin(appointments, eq(appointments.id, visits.appointmentId))
    .innerJoin(addresses, eq(addresses.id, appointments.addressId))
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .leftJoin(users, eq(users.id, visits.updatedBy))
    .leftJoin(
      policySettings,
      and(eq(policySettings.teamId, visits.teamId), policyRowInEffect('policy_settings', sql`${visits.visitDate}`)),
    )
    .where(eq(visits.id, visitId))
    .limit(1);
  const [row] = lock ? await query.for('update', { of: visits }) : await query;
  return row ?? null;
}

interface VisitPatch {
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

/** The agent as the badge shows them. */
export async function findAgentIdentity(db: DbOrTx, agentId: string) {
  const [row] = await db
    .select({
      id: agents.id,
      fullName: agents.fullName,
      badgeNo: agents.badgeNo,
      photoSha256: agents.photoSha256,
      photoMimeType: agents.photoMimeType,
      credentialValidFrom: agents.credentialValidFrom,
      credentialValidTo: agents.credentialValidTo,
      teamId: agents.teamId,
    })
    .from(agents)
    .where(eq(agents.id, agentId))
    .limit(1);
  return row ?? null;
}
