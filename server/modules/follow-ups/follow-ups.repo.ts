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

/** A slice of an ordered list: `limit` rows from row `offset`. */
export interface Page {
  limit: number;
  offset: number;
}

/** The open proposals' filter: the teams' cases (null: every team) or one case. */
function openOf(teamIds: string[] | null, caseId?: string) {
  const parts = [eq(followUpProposals.status, 'open')];
  if (teamIds) parts.push(inArray(cases.teamId, teamIds));
  if (caseId) parts.push(eq(followUpProposals.caseId, caseId));
  return and(...parts);
}

/**
 * Open follow-up proposals of the teams' cases (or of one case), oldest first: the dispatcher's queue. With a
 * page, only that slice (ties broken by id, so pages neither repeat nor skip a row).
 */
export async function findOpenProposals(db: DbOrTx, teamIds: string[] | null, caseId?: string, page?: Page) {
  if (teamIds?.length === 0) return [];
  const query = db
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
    .where(openOf(teamIds, caseId))
    .orderBy(asc(followUpProposals.proposedFor), asc(followUpProposals.createdAt), asc(followUpProposals.id));
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

/** How many proposals are open for the teams' cases (null: every team). */
export async function countOpenProposals(db: DbOrTx, teamIds: string[] | null): Promise<number> {
  if (teamIds?.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(followUpProposals)
    .innerJoin(cases, eq(cases.id, followUpProposals.caseId))
    .where(openOf(teamIds));
  return row?.n ?? 0;
}
