import { z } from 'zod';
import { MESSAGE_CHANNELS } from '../domain/messages';
import { id, idempotencyKey, text } from './common';

/** A notice (SPEC §1 stages 1–2) sent to the borrower as an SMS through the outbox, and logged on the case. */
export const sendNoticeInput = z.object({
  caseId: id,
  stage: z.enum(['first_notice', 'appointment_notice']),
  idempotencyKey,
});
export type SendNoticeInput = z.infer<typeof sendNoticeInput>;

/** The borrower asks not to be contacted on a channel: named directly or through one of their cases. */
export const optOutInput = z.object({
  borrowerId: id.optional(),
  caseId: id.optional(),
  channel: z.enum(MESSAGE_CHANNELS),
  reason: text({ max: 300, multiline: true }).optional(),
  idempotencyKey,
});
export type OptOutInput = z.infer<typeof optOutInput>;

/** The borrower's opt-out of a channel ends (they agreed to be contacted again). */
export const liftOptOutInput = optOutInput.omit({ reason: true });
export type LiftOptOutInput = z.infer<typeof liftOptOutInput>;

/** The messages of a case and its borrower's opt-outs. */
