/**
 * The dispatcher's follow-up list: cases waiting for a visit or a call to be arranged, because a promise was
 * broken or the borrower asked for a call from their slot link, and borrower messages that failed (someone has
 * to reach the borrower another way). Other modules add and close entries through
 * these functions, inside their own transactions.
 */
import type { TeamOnlyInput } from '../../../shared/schemas/oversight';
import { withIsoInstants } from '../../../shared/wire';
import type { DbOrTx, Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { failedMessagesOf } from '../messages/outbox.read';
import { scopedTeamIds } from '../scope';
import { closeOpenProposals, findOpenProposals, insertProposal } from './follow-ups.repo';

type Open = Awaited<ReturnType<typeof findOpenProposals>>[number];
const toWire = (r: Open) => withIsoInstants(r);

/**
 * The open follow-ups of the caller's team(s) (Cases and Dispatch show them): failed messages first, the latest
 * failure first, then proposals oldest first. A failed message stays on the list until it is sent again or
 * another message supersedes it (its status changes).
 */
export async function listFollowUps(ctx: AuthedContext, input: TeamOnlyInput) {
  const teamIds = scopedTeamIds(ctx.user, input.teamId);
  const [proposals, failed] = await Promise.all([
    findOpenProposals(ctx.db, teamIds),
    failedMessagesOf(ctx.db, teamIds, ctx.locale),
  ]);
  return [
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
  ];
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
