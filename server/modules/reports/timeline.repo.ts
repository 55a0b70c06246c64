import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  addresses,
  agents,
  appointments,
  auditLog,
  complaints,
  complianceAcknowledgements,
  contactAttempts,
  crewMembers,
  crews,
  outcomeAttachments,
  outcomes,
  users,
  visits,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';
import { selectVisitCases } from './visit-cases.sql';

/** The visit with its appointment, case, borrower and crew, or undefined. */
export async function findVisitHeader(db: DbOrTx, visitId: string) {
  const [row] = await selectVisitCases(db, {
    appointmentId: appointments.id,
    agreedAt: appointments.agreedAt,
    agreedVia: appointments.agreedVia,
    addressText: addresses.text,
    checkInFlagged: visits.checkInFlagged,
    checkOutAt: visits.checkOutAt,
  }).where(eq(visits.id, visitId));
  return row;
}

export async function findContactAttempts(db: DbOrTx, caseId: string) {
  return db
    .select({
      at: contactAttempts.attemptedAt,
      stage: contactAttempts.stage,
      channel: contactAttempts.channel,
      result: contactAttempts.result,
    })
    .from(contactAttempts)
    .where(eq(contactAttempts.caseId, caseId))
    .orderBy(asc(contactAttempts.attemptedAt));
}

export async function findOutcomeVersions(db: DbOrTx, visitId: string) {
  return db
    .select({
      id: outcomes.id,
      version: outcomes.version,
      code: outcomes.code,
      recordedAt: outcomes.recordedAt,
      recordedBy: users.displayName,
      idShown: outcomes.idShown,
      recordingRefs: outcomes.recordingRefs,
      promisedAmountCents: outcomes.promisedAmountCents,
      promisedDate: outcomes.promisedDate,
      correctionReason: outcomes.correctionReason,
      assetsObserved: outcomes.assetsObserved,
      // The files the version stands on (carried over from the version it corrects, or attached to it).
      files: sql<number>`(select count(*)::int from ${outcomeAttachments} where ${outcomeAttachments.outcomeId} = ${outcomes.id})`,
      hash: outcomes.hash,
    })
    .from(outcomes)
    .innerJoin(users, eq(users.id, outcomes.recordedBy))
    .where(eq(outcomes.visitId, visitId))
    .orderBy(asc(outcomes.version));
}

export async function findVisitComplaints(db: DbOrTx, visitId: string) {
  return db
    .select({
      id: complaints.id,
      at: complaints.createdAt,
      channel: complaints.channel,
      status: complaints.status,
      text: complaints.text,
      resolvedAt: complaints.resolvedAt,
      resolution: complaints.resolution,
    })
    .from(complaints)
    .where(eq(complaints.visitId, visitId));
}

export async function findAcknowledgements(db: DbOrTx, visitId: string) {
  return db
    .select({
      at: complianceAcknowledgements.acknowledgedAt,
      rule: complianceAcknowledgements.rule,
      comment: complianceAcknowledgements.comment,
      by: users.displayName,
    })
    .from(complianceAcknowledgements)
    .innerJoin(users, eq(users.id, complianceAcknowledgements.acknowledgedBy))
    .where(eq(complianceAcknowledgements.visitId, visitId));
}

/** Audit entries about any of the given entities (visit, appointment, outcomes, complaints…). */
export async function findAuditEntries(db: DbOrTx, entityIds: string[]) {
  if (entityIds.length === 0) return [];
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      actor: users.displayName,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(inArray(auditLog.entityId, entityIds))
    .orderBy(asc(auditLog.id));
}

/** Appointments this one replaced (a moved slot keeps the chain through supersedes_id). */
export async function findSupersededAppointments(db: DbOrTx, caseId: string, appointmentId: string) {
  return db
    .select({
      id: appointments.id,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      agreedAt: appointments.agreedAt,
      status: appointments.status,
    })
    .from(appointments)
    .where(
      sql`${appointments.caseId} = ${caseId} and ${appointments.id} <> ${appointmentId} and ${appointments.status} in ('rescheduled', 'cancelled')`,
    );
}

/** Crews by id with their members' names, lead first: how the history names a crew. */
export async function findCrewNames(db: DbOrTx, crewIds: string[]) {
  if (crewIds.length === 0) return [];
  return db
    .select({ id: crews.id, name: crews.name, member: agents.fullName })
    .from(crews)
    .leftJoin(crewMembers, eq(crewMembers.crewId, crews.id))
    .leftJoin(agents, eq(agents.id, crewMembers.agentId))
    .where(inArray(crews.id, crewIds))
    .orderBy(asc(crews.id), desc(crewMembers.isLead), asc(agents.fullName));
}

/** Display names of users by id (whom a complaint was given to). */
export async function findUserNames(db: DbOrTx, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds));
}
