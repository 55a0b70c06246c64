/**
 * A message's way out (SPEC §8.4): the rows the send job and the delivery receipts read and the status
 * transitions they write (held, sent, failed, delivered; attempts and the last error). No rules here: the send
 * job and the receipts service decide, this writes what they decided.
 */
import { and, eq, sql } from 'drizzle-orm';
import { messages, smsReceipts } from '../../../drizzle/schema';
import type { DbOrTx, Tx } from '../../db/client';

const sendingColumns = {
  id: messages.id,
  teamId: messages.teamId,
  caseId: messages.caseId,
  status: messages.status,
  statusReason: messages.statusReason,
  toPhone: messages.toPhone,
  text: messages.text,
  providerId: messages.providerId,
  attempts: messages.attempts,
};
/** The message, locked until `tx` ends: one send job at a time decides about it. */
export async function lockMessageForSend(tx: Tx, messageId: string) {
  const [row] = await tx.select(sendingColumns).from(messages).where(eq(messages.id, messageId)).for('update');
  return row ?? null;
}

/** One more try at the gateway is starting: counted before the call, so a try a crash interrupted counts too. */
export async function countAttempt(tx: Tx, messageId: string, now: Date): Promise<number> {
  const [row] = await tx
    .update(messages)
    .set({ attempts: sql`${messages.attempts} + 1`, status: 'queued', statusReason: null, updatedAt: now })
    .where(eq(messages.id, messageId))
    .returning({ attempts: messages.attempts });
  return row?.attempts ?? 0;
}

/** Waits for the allowed hours: held until `until` (its send job is due then). */
export async function markHeld(tx: Tx, messageId: string, until: Date, now: Date): Promise<void> {
  await tx
    .update(messages)
    .set({ status: 'held', statusReason: null, notBefore: until, updatedAt: now })
    .where(eq(messages.id, messageId));
}

/** Will not leave (opted out, over the cap …): `reason` is an error code. */
export async function markUnsent(tx: Tx, messageId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(messages)
    .set({ status: 'unsent', statusReason: reason, updatedAt: now })
    .where(eq(messages.id, messageId));
}

/** Stays queued with a reason (NO_GATEWAY): nothing sends it later by itself. */
export async function markQueuedWithReason(tx: Tx, messageId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(messages)
    .set({ status: 'queued', statusReason: reason, updatedAt: now })
    .where(eq(messages.id, messageId));
}

/** The gateway took it. Only a message not yet sent moves; a second answer for it changes nothing. */
export async function markSent(db: DbOrTx, messageId: string, providerId: string, now: Date): Promise<boolean> {
  const moved = await db
    .update(messages)
    .set({ status: 'sent', statusReason: null, providerId, sentAt: now, lastError: null, updatedAt: now })
    .where(and(eq(messages.id, messageId), sql`${messages.status} in ('queued', 'held', 'failed')`))
    .returning({ id: messages.id });
  return moved.length > 0;
}

/** A try that failed: its error is kept; `failedWith` set: the message is failed for good with that reason. */
export async function recordSendError(
  db: DbOrTx,
  messageId: string,
  error: string,
  now: Date,
  failedWith: string | null,
): Promise<boolean> {
  const moved = await db
    .update(messages)
    .set({
      lastError: error,
      updatedAt: now,
      ...(failedWith ? { status: 'failed', statusReason: failedWith, failedAt: now } : {}),
    })
    // A message another try sent meanwhile stays sent.
    .where(and(eq(messages.id, messageId), sql`${messages.status} in ('queued', 'held', 'failed')`))
    .returning({ id: messages.id });
  return moved.length > 0;
}

/** The message the gateway knows by `providerId`, locked until `tx` ends. */
export async function lockMessageByProviderId(tx: Tx, providerId: string) {
  const [row] = await tx
    .select({ id: messages.id, teamId: messages.teamId, caseId: messages.caseId, status: messages.status })
    .from(messages)
    .where(eq(messages.providerId, providerId))
    .for('update');
  return row ?? null;
}

/** Records a receipt by its id; false when that receipt was recorded before (a replay). */
export async function insertReceipt(
  tx: Tx,
  r: { receiptId: string; providerId: string; messageId: string; status: string; at: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(smsReceipts)
    .values({
      receiptId: r.receiptId,
      providerId: r.providerId,
      messageId: r.messageId,
      status: r.status,
      receivedAt: r.at,
    })
    .onConflictDoNothing({ target: smsReceipts.receiptId })
    .returning({ receiptId: smsReceipts.receiptId });
  return inserted.length > 0;
}

/** The gateway's receipt says delivered: a sent (or receipt-failed) message is delivered at `at`. */
export async function markDelivered(tx: Tx, messageId: string, at: Date, now: Date): Promise<boolean> {
  const moved = await tx
    .update(messages)
    .set({ status: 'delivered', statusReason: null, deliveredAt: at, updatedAt: now })
    .where(and(eq(messages.id, messageId), sql`${messages.status} in ('sent', 'failed')`))
    .returning({ id: messages.id });
  return moved.length > 0;
}

/** The gateway's receipt says it could not be delivered: a sent message is failed (a delivered one stays). */
export async function markUndelivered(
  tx: Tx,
  messageId: string,
  reason: string,
  error: string | null,
  at: Date,
  now: Date,
): Promise<boolean> {
  const moved = await tx
    .update(messages)
    .set({ status: 'failed', statusReason: reason, lastError: error, failedAt: at, updatedAt: now })
    .where(and(eq(messages.id, messageId), eq(messages.status, 'sent')))
    .returning({ id: messages.id });
  return moved.length > 0;
}
