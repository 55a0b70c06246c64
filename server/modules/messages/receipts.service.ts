/**
 * Delivery receipts from the SMS gateway (docs/messages.md): each receipt is recorded once by its id and moves
 * the message it names (by the provider's id) to delivered or failed, audited. A replayed receipt or one for a
 * message we never sent is refused and changes nothing.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import { insertReceipt, lockMessageByProviderId, markDelivered, markUndelivered } from './delivery.repo';

const providerText = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** A receipt's body; the gateway may send more fields, which are ignored. */
export const smsReceiptInput = z.object({
  receiptId: providerText,
  id: providerText,
  status: z.enum(['delivered', 'failed']),
  error: z.string().max(500).optional(),
  at: z.iso.datetime({ offset: true }),
});
export type SmsReceiptInput = z.infer<typeof smsReceiptInput>;

/** The receipt in `body` (raw JSON text), or SMS_RECEIPT_INVALID naming the first field that is wrong. */
export function parseReceipt(body: string): SmsReceiptInput {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AppError('SMS_RECEIPT_INVALID', { field: 'body' });
  }
  const parsed = smsReceiptInput.safeParse(json);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'body';
    throw new AppError('SMS_RECEIPT_INVALID', { field });
  }
  return parsed.data;
}

export interface ReceiptDeps {
  db: Db;
  log: Logger;
  now: () => Date;
}

export interface ReceiptResult {
  messageId: string;
  status: 'delivered' | 'failed';
  /** False when the message was already past what the receipt says (e.g. a failed receipt after delivered). */
  changed: boolean;
}

/** Records one verified receipt and moves its message. */
export async function recordReceipt(deps: ReceiptDeps, r: SmsReceiptInput): Promise<ReceiptResult> {
  const at = new Date(r.at);
  const result = await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const message = await lockMessageByProviderId(tx, r.id);
    if (!message) throw new AppError('SMS_RECEIPT_UNKNOWN_MESSAGE');
    const fresh = await insertReceipt(tx, {
      receiptId: r.receiptId,
      providerId: r.id,
      messageId: message.id,
      status: r.status,
      at: now,
    });
    if (!fresh) throw new AppError('SMS_RECEIPT_REPLAYED');
    const changed =
      r.status === 'delivered'
        ? await markDelivered(tx, message.id, at, now)
        : await markUndelivered(tx, message.id, 'SMS_NOT_DELIVERED', r.error ?? null, at, now);
    if (changed) {
      await appendAudit(tx, {
        actorUserId: null,
        teamId: message.teamId,
        action: r.status === 'delivered' ? 'message.delivered' : 'message.undelivered',
        entityType: 'message',
        entityId: message.id,
        before: { status: message.status },
        after: { status: r.status, receiptId: r.receiptId, providerId: r.id, at: r.at, error: r.error ?? null },
        at: now,
      });
    }
    return { messageId: message.id, status: r.status, changed };
  });
  deps.log.info({ ...result, receiptId: r.receiptId }, 'SMS delivery receipt recorded');
  return result;
}
