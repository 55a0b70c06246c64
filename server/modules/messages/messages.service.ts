/**
 * The outbox (SPEC §8.4): every borrower message is written here, in the transaction of the change that causes
 * it, with its send job. Owned by the outbox slice; the signature below is what the other slices code against.
 */
import type { MessageKind, MessageStatus } from '../../../shared/domain/messages';
import type { Tx } from '../../db/client';
import type { Env } from '../../env';
import type { Jobs } from '../jobs/queue';

/** What writing a message needs from its caller (a request's context or a job's deps both have these). */
export interface OutboxDeps {
  jobs: Jobs;
  env: Env;
  now: () => Date;
  /** The public origin links in messages point to (https://doorstep.example.com); absent: links are relative. */
  origin?: string;
}

export interface QueueMessageInput {
  kind: MessageKind;
  caseId: string;
  /**
   * The event the message is about ('appointment:<id>', 'visit:<id>:en_route', 'reminder:<visitId>' …): one
   * message of a kind per event and channel; writing it again returns the first.
   */
  eventKey: string;
  appointmentId?: string | null;
  visitId?: string | null;
  /** Who caused it (null: the system, e.g. a scheduled reminder). */
  userId: string | null;
  /** Template variables the caller knows better than the outbox (a slot link's URL …). */
  vars?: Record<string, string>;
}

export interface QueuedMessage {
  messageId: string;
  status: MessageStatus;
  /** False when the event already had its message (a retry, a replay): nothing new was written. */
  created: boolean;
}

/** Renders and writes one message and (when it may leave) its send job, inside `tx`. */
export async function queueMessage(_tx: Tx, _deps: OutboxDeps, _input: QueueMessageInput): Promise<QueuedMessage> {
  throw new Error('queueMessage: not built yet');
}
