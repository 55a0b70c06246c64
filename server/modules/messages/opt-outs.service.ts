/**
 * A borrower's "do not contact me on this channel" (SPEC §8.4): recorded with who and when, audited, lifted the
 * same way. Dispatchers, managers and admins of a team holding one of the borrower's cases record it; the
 * outbox's rules (messages.rules.ts) then leave the borrower's messages on that channel unsent (OPTED_OUT).
 */
import { AppError } from '../../../shared/errors';
import type { LiftOptOutInput, OptOutInput } from '../../../shared/schemas/messages';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { caseById } from '../cases/cases.service';
import { once } from '../idempotency/idempotency.service';
import { assertTeamAccess } from '../scope';
import { findBorrowerTeamIds, insertOptOut, liftActiveOptOut } from './outbox.repo';

/**
 * The borrower the request names (directly or through a case) and a team of theirs the caller may act for;
 * NOT_FOUND for a borrower or case the caller may not see, as for one that does not exist.
 */
async function borrowerInScope(ctx: AuthedContext, tx: Tx, input: { borrowerId?: string; caseId?: string }) {
  if (input.caseId) {
    const c = await caseById(tx, input.caseId);
    if (!c || (input.borrowerId && input.borrowerId !== c.borrowerId))
      throw new AppError('NOT_FOUND', { entity: 'case' });
    assertTeamAccess(ctx.user, c.teamId, 'case');
    return { borrowerId: c.borrowerId, teamId: c.teamId };
  }
  if (!input.borrowerId) {
    throw new AppError('BORROWER_OR_CASE_REQUIRED', {}, { borrowerId: 'BORROWER_OR_CASE_REQUIRED' });
  }
  const teams = await findBorrowerTeamIds(tx, input.borrowerId);
  const teamId = teams.find((t) => ctx.user.role === 'admin' || ctx.user.teamIds.includes(t));
  if (!teamId) throw new AppError('NOT_FOUND', { entity: 'borrower' });
  return { borrowerId: input.borrowerId, teamId };
}

/** Records the borrower's opt-out of a channel (one in force at a time: asking again answers the one in force). */
export async function optOut(ctx: AuthedContext, input: OptOutInput) {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'messages.optOut' }, async () => {
      const { borrowerId, teamId } = await borrowerInScope(ctx, tx, input);
      const at = ctx.now();
      const row = { borrowerId, channel: input.channel, reason: input.reason ?? null, recordedBy: ctx.user.id };
      const out = await insertOptOut(tx, { ...row, recordedAt: at });
      if (out.created) {
        await appendAudit(tx, {
          actorUserId: ctx.user.id,
          teamId,
          action: 'contact.opt_out',
          entityType: 'borrower',
          entityId: borrowerId,
          after: { optOutId: out.id, channel: input.channel, reason: row.reason },
          at,
        });
      }
      return { optOutId: out.id, borrowerId, channel: input.channel, created: out.created };
    }),
  );
}

/** Lifts the borrower's opt-out of a channel; OPT_OUT_NOT_FOUND when none is in force. */
export async function liftOptOut(ctx: AuthedContext, input: LiftOptOutInput) {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'messages.liftOptOut' }, async () => {
      const { borrowerId, teamId } = await borrowerInScope(ctx, tx, input);
      const at = ctx.now();
      const id = await liftActiveOptOut(tx, {
        borrowerId,
        channel: input.channel,
        liftedBy: ctx.user.id,
        liftedAt: at,
      });
      if (!id) throw new AppError('OPT_OUT_NOT_FOUND', { channel: input.channel }, { channel: 'OPT_OUT_NOT_FOUND' });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId,
        action: 'contact.opt_out_lift',
        entityType: 'borrower',
        entityId: borrowerId,
        after: { optOutId: id, channel: input.channel },
        at,
      });
      return { optOutId: id, borrowerId, channel: input.channel };
    }),
  );
}
