/**
 * Notices sent by SMS through the outbox (SPEC §1 stages 1–2, §8.4): the message and the contact attempt it is
 * are written together, so "a notice was logged" holds exactly when the borrower's notice was written to go.
 */
import { AppError, type AppErrorCode } from '../../../shared/errors';
import { SERVER_WORDS } from '../../../shared/messages/server-words';
import type { SendNoticeInput } from '../../../shared/schemas/messages';
import type { AuthedContext } from '../../trpc/context';
import { caseById, recordContact } from '../cases/cases.service';
import { once } from '../idempotency/idempotency.service';
import { assertTeamAccess } from '../scope';
import { queueMessage } from './messages.service';

/** The logged attempt's text, in both languages the team may read (as a call request is written). */
const NOTICE_RESULT = `${SERVER_WORDS.NOTICE_SMS_QUEUED['zh-CN']} / ${SERVER_WORDS.NOTICE_SMS_QUEUED.en}`;

/**
 * Sends the borrower a notice by SMS and logs it on the case as a contact attempt; a retry answers the same. A
 * notice the rules would leave unsent (OPTED_OUT, CONTACT_CAP …) is refused with that reason, nothing written.
 */
export async function sendNotice(ctx: AuthedContext, input: SendNoticeInput) {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'messages.sendNotice' }, async () => {
      const c = await caseById(tx, input.caseId);
      if (!c) throw new AppError('NOT_FOUND', { entity: 'case' });
      assertTeamAccess(ctx.user, c.teamId, 'case');
      const at = ctx.now();
      const contact = { stage: input.stage, channel: 'sms' as const, result: NOTICE_RESULT };
      const contactAttemptId = await recordContact(tx, c, { ...contact, at, userId: ctx.user.id });
      const message = await queueMessage(tx, ctx, {
        kind: input.stage,
        caseId: c.id,
        eventKey: `notice:${contactAttemptId}`,
        userId: ctx.user.id,
      });
      // A notice that will not leave (opted out, over the cap) is no notice: refused, nothing is logged.
      if (message.status === 'unsent') {
        throw new AppError(message.statusReason as AppErrorCode, message.reasonParams ?? {});
      }
      return { contactAttemptId, messageId: message.messageId, status: message.status, attemptedAt: at.toISOString() };
    }),
  );
}
