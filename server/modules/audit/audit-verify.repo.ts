import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import { attachments, auditLog, instalments, outcomes, repaymentPlans } from '../../../drizzle/schema';
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

/** Every outcome version with the columns its hash covers, grouped by visit and ordered by version. */
export async function findOutcomeChainRows(db: DbOrTx) {
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
    .orderBy(asc(outcomes.visitId), asc(outcomes.version));
}
export type OutcomeChainRow = Awaited<ReturnType<typeof findOutcomeChainRows>>[number];

/** The repayment plan instalments of every outcome that has one (part of what an outcome's hash covers). */
export async function findPlanInstalments(db: DbOrTx) {
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
    .orderBy(asc(repaymentPlans.outcomeId), asc(instalments.seq));
}

/** SHA-256 of every evidence file linked to an outcome (also covered by the outcome's hash). */
export async function findOutcomeFileHashes(db: DbOrTx) {
  return db
    .select({ outcomeId: attachments.outcomeId, sha256: attachments.sha256 })
    .from(attachments)
    .where(isNotNull(attachments.outcomeId));
}
