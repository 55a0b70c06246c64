import { and, asc, eq, gt, lte } from 'drizzle-orm';
import {
  attachments,
  auditLog,
  instalments,
  outcomeAttachments,
  outcomes,
  repaymentPlans,
} from '../../../drizzle/schema';
import type { DbOrTx } from '../../db/client';

/** Audit entries after `afterId`, oldest first, with every hashed column. */
export async function findAuditBatch(db: DbOrTx, afterId: number, limit: number) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorUserId: auditLog.actorUserId,
      teamId: auditLog.teamId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      prevHash: auditLog.prevHash,
      hash: auditLog.hash,
    })
    .from(auditLog)
    .where(and(gt(auditLog.id, afterId)))
    .orderBy(asc(auditLog.id))
    .limit(limit);
}
export type AuditRow = Awaited<ReturnType<typeof findAuditBatch>>[number];

/** Up to `limit` visits that have outcome versions, after `afterVisitId` in key order (a batch for the verifier). */
export async function findOutcomeVisitBatch(db: DbOrTx, afterVisitId: string | null, limit: number) {
  const found = await db
    .selectDistinct({ visitId: outcomes.visitId })
    .from(outcomes)
    .where(afterVisitId === null ? undefined : gt(outcomes.visitId, afterVisitId))
    .orderBy(asc(outcomes.visitId))
    .limit(limit);
  return found.map((r) => r.visitId);
}

/** A batch's visits: those after `after` (exclusive) up to `last` (inclusive) in key order. */
export interface VisitRange {
  after: string | null;
  last: string;
}
const inRange = (r: VisitRange) =>
  and(r.after === null ? undefined : gt(outcomes.visitId, r.after), lte(outcomes.visitId, r.last));

/** The outcome versions of a range of visits with the columns their hash covers, by visit and version. */
export async function findOutcomeChainRows(db: DbOrTx, range: VisitRange) {
  return db
    .select({
      id: outcomes.id,
      visitId: outcomes.visitId,
      version: outcomes.version,
      code: outcomes.code,
      idShown: outcomes.idShown,
      recordingRefs: outcomes.recordingRefs,
      identityVerified: outcomes.identityVerified,
      borrowerPresent: outcomes.borrowerPresent,
      attitude: outcomes.attitude,
      assetsObserved: outcomes.assetsObserved,
      notes: outcomes.notes,
      promisedAmountCents: outcomes.promisedAmountCents,
      promisedDate: outcomes.promisedDate,
      signedDocumentRef: outcomes.signedDocumentRef,
      nextAction: outcomes.nextAction,
      recordedBy: outcomes.recordedBy,
      recordedAt: outcomes.recordedAt,
      clientId: outcomes.clientId,
      correctionReason: outcomes.correctionReason,
      prevHash: outcomes.prevHash,
      hash: outcomes.hash,
    })
    .from(outcomes)
    .where(inRange(range))
    .orderBy(asc(outcomes.visitId), asc(outcomes.version));
}
export type OutcomeChainRow = Awaited<ReturnType<typeof findOutcomeChainRows>>[number];

/** The repayment plan instalments of the outcomes of a range of visits (part of what an outcome's hash covers). */
export async function findPlanInstalments(db: DbOrTx, range: VisitRange) {
  return db
    .select({
      outcomeId: repaymentPlans.outcomeId,
      channel: repaymentPlans.channel,
      seq: instalments.seq,
      dueDate: instalments.dueDate,
      amountCents: instalments.amountCents,
    })
    .from(repaymentPlans)
    .innerJoin(instalments, eq(instalments.planId, repaymentPlans.id))
    .innerJoin(outcomes, eq(outcomes.id, repaymentPlans.outcomeId))
    .where(inRange(range))
    .orderBy(asc(repaymentPlans.outcomeId), asc(instalments.seq));
}

/**
 * SHA-256 of the files each outcome version of a range of visits stands on (outcome_attachments: a correction's
 * files carried over from the version it corrects included), which its hash covers.
 */
export async function findOutcomeFileHashes(db: DbOrTx, range: VisitRange) {
  return db
    .select({ outcomeId: outcomeAttachments.outcomeId, sha256: attachments.sha256 })
    .from(outcomes)
    .innerJoin(outcomeAttachments, eq(outcomeAttachments.outcomeId, outcomes.id))
    .innerJoin(attachments, eq(attachments.id, outcomeAttachments.attachmentId))
    .where(inRange(range));
}
