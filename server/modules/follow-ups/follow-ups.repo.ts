import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { borrowers, cases, followUpProposals, instalments, outcomes } from '../../../drizzle/schema';
import type { FollowUpKind } from '../../../shared/domain/constants';
import type { DbOrTx } from '../../db/client';

/**
 * Inserts a proposal; null when its promise (instalment or outcome) was proposed already, also by a concurrent
 * transaction: that one's insert is waited for and this one does nothing (follow_up_proposals_*_unique).
 */
export async function insertProposal(
  db: DbOrTx,
  row: {
    caseId: string;
    kind: FollowUpKind;
    instalmentId?: string | null;
    outcomeId?: string | null;
    reason: string;
    note?: string | null;
    proposedFor: string;
    createdAt: Date;
  },
) {
  const [created] = await db
    .insert(followUpProposals)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: followUpProposals.id });
  return created ?? null;
}

/**
 * Decides the case's open follow-up proposals: dismissed (the case is paid) or scheduled by an agreed appointment.
 * `by` is null when the borrower decided (their slot link).
 */
export async function closeOpenProposals(
  db: DbOrTx,
  caseId: string,
  outcome: { status: 'dismissed' } | { status: 'scheduled'; appointmentId: string },
  by: string | null,
  at: Date,
) {
  await db
    .update(followUpProposals)
    .set({ ...outcome, decidedBy: by, decidedAt: at })
    .where(and(eq(followUpProposals.caseId, caseId), eq(followUpProposals.status, 'open')));
}

/** Open follow-up proposals of the teams' cases (or of one case), oldest first: the dispatcher's queue. */
export async function findOpenProposals(db: DbOrTx, teamIds: string[] | null, caseId?: string) {
  if (teamIds?.length === 0) return [];
  const parts = [eq(followUpProposals.status, 'open')];
  if (teamIds) parts.push(inArray(cases.teamId, teamIds));
  if (caseId) parts.push(eq(followUpProposals.caseId, caseId));
  return db
    .select({
      id: followUpProposals.id,
      kind: followUpProposals.kind,
      caseId: cases.id,
      loanRef: cases.loanRef,
      borrowerName: borrowers.fullName,
      daysPastDue: cases.daysPastDue,
      teamId: cases.teamId,
      instalmentId: followUpProposals.instalmentId,
      outcomeId: followUpProposals.outcomeId,
      reason: followUpProposals.reason,
      note: followUpProposals.note,
      /** The due date of the broken promise (null for a callback request). */
      promiseDue: sql<string | null>`coalesce(${instalments.dueDate}, ${outcomes.promisedDate})::text`,
      proposedFor: followUpProposals.proposedFor,
      createdAt: followUpProposals.createdAt,
    })
    .from(followUpProposals)
    .innerJoin(cases, eq(cases.id, followUpProposals.caseId))
    .innerJoin(borrowers, eq(borrowers.id, cases.borrowerId))
    .leftJoin(instalments, eq(instalments.id, followUpProposals.instalmentId))
    .leftJoin(outcomes, eq(outcomes.id, followUpProposals.outcomeId))
    .where(and(...parts))
    .orderBy(asc(followUpProposals.proposedFor), asc(followUpProposals.createdAt));
}
