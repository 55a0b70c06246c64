/**
 * Whether a message may leave now (SPEC §8.4): the borrower's allowed hours, their opt-out of the channel, the
 * policy's contact cap. The one home of these rules: writing a message and sending it both ask here.
 * Owned by the outbox slice; the signature below is what the gateway slice codes against.
 */
import type { DbOrTx } from '../../db/client';

export type SendDecision =
  | { action: 'send' }
  /** Not yet: the borrower's allowed hours open at `until`. */
  | { action: 'hold'; until: Date }
  /** Never: reason is an error code (OPTED_OUT, CONTACT_CAP …). */
  | { action: 'unsent'; reason: string };

/** Decides for the message `messageId` as the world stands at `now`. */
export async function sendDecision(_db: DbOrTx, _messageId: string, _now: Date): Promise<SendDecision> {
  throw new Error('sendDecision: not built yet');
}
