/**
 * The dispatcher's follow-up list: cases waiting for a visit or a call to be arranged, because a promise was
 * broken or the borrower asked for a call from their slot link, and borrower messages that failed (someone has
 * to reach the borrower another way). Other modules add and close entries through
 * these functions, inside their own transactions.
 */
import type { FollowUpsInput } from '../../../shared/schemas/oversight';
import { withIsoInstants } from '../../../shared/wire';
import type { DbOrTx, Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { failedMessageCount, failedMessagesOf } from '../messages/outbox.read';
import { scopedTeamIds } from '../scope';
import { closeOpenProposals, countOpenProposals, findOpenProposals, insertProposal } from './follow-ups.repo';

type Open = Awaited<ReturnType<typeof findOpenProposals>>[number];
const toWire = (r: Open) => withIsoInstants(r);

/**
 * A page of the open follow-ups of the caller's team(s) (Cases and Dispatch show them), with how many there are:
 * failed messages first, the latest failure first, then proposals oldest first. A failed message stays on the
 * list until it is sent again or another message supersedes it (its status changes). Paged in SQL: a lender's
 * admin has ~20,000 open follow-ups, which as one answer were 10.9 MB.
 */
export async function listFollowUps(ctx: AuthedContext, input: FollowUpsInput) {
  const teamIds = scopedTeamIds(ctx.user, input.teamId);
  const { limit, cursor } = input;
  const [failedTotal, proposalTotal] = await Promise.all([
    failedMessageCount(ctx.db, teamIds),
    countOpenProposals(ctx.db, teamIds),
  ]);
  // The failed messages come first: the page takes what it reaches of them, the proposals fill the rest.
  const failed =
    cursor < failedTotal ? await failedMessagesOf(ctx.db, teamIds, ctx.locale, { limit, offset: cursor }) : [];
  const room = limit - failed.length;
  const proposals =
    room > 0
      ? await findOpenProposals(ctx.db, teamIds, undefined, { limit: room, offset: Math.max(0, cursor - failedTotal) })
      : [];
  const total = failedTotal + proposalTotal;
  const next = cursor + failed.length + proposals.length;
  return {
    total,
    /** The cursor of the next page; null on the last one. */
    nextCursor: next < total && failed.length + proposals.length > 0 ? next : null,
    rows: [
      ...failed.map((m) => ({
        id: m.id,
        kind: 'message_failed' as const,
        caseId: m.caseId,
        loanRef: m.loanRef,
        borrowerName: m.borrowerName,
        daysPastDue: m.daysPastDue,
        teamId: m.teamId,
        messageKind: m.kind,
        /** An error code (the gateway's refusal …) or, without one, the last send error. */
        reason: m.statusReason ?? m.lastError ?? '',
        reasonText: m.reasonText,
        failedAt: m.failedAt ?? m.updatedAt,
      })),
      ...proposals.map(toWire),
    ],
  };
}

/** The open follow-ups of one case (its case file); the caller has checked access to the case. */
export async function caseFollowUps(db: DbOrTx, caseId: string) {
  return (await findOpenProposals(db, null, caseId)).map(toWire);
}

/** The borrower asked for a call (none of the offered times suit): on the list for `proposedFor`. */
export async function requestCallback(
  tx: Tx,
  r: { caseId: string; reason: string; note: string | null; proposedFor: string; at: Date },
) {
  await insertProposal(tx, { ...r, kind: 'callback', createdAt: r.at });
}

/**
 * A broken promise (an instalment, or a one-off promise named by its outcome) proposed for a visit; audited.
 * Null when the promise was proposed already (by another user at the same moment): nothing is written.
 */
export async function proposeForBrokenPromise(
  tx: Tx,
  p: {
    teamId: string;
    caseId: string;
    promise: { instalmentId: string } | { outcomeId: string };
    dueDate: string;
    proposedFor: string;
    userId: string;
    at: Date;
  },
) {
  const created = await insertProposal(tx, {
    caseId: p.caseId,
    kind: 'broken_promise',
    ...p.promise,
    reason: `broken_promise:${p.dueDate}`,
    proposedFor: p.proposedFor,
    createdAt: p.at,
  });
  if (!created) return null;
  const { id } = created;
  await appendAudit(tx, {
    actorUserId: p.userId,
    teamId: p.teamId,
    action: 'follow_up.propose',
    entityType: 'follow_up_proposal',
    entityId: id,
    after: { caseId: p.caseId, ...p.promise, dueDate: p.dueDate },
    at: p.at,
  });
  return id;
}

/** Takes the case off the list: `scheduled` by an agreed appointment, `dismissed` when it is paid. */
export async function closeFollowUps(
  tx: DbOrTx,
  caseId: string,
  outcome: { status: 'dismissed' } | { status: 'scheduled'; appointmentId: string },
  by: string | null,
  at: Date,
) {
  await closeOpenProposals(tx, caseId, outcome, by, at);
}
