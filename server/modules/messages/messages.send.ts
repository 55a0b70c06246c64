/**
 * The send job (`message.send` {messageId}): one outbox message to the SMS gateway, at most one SMS whatever
 * happens to the job. Three steps, so that no transaction stays open while the gateway answers (on PGlite one
 * open transaction would stop every other request):
 *   1. under the row's lock: skip what already left or never will, ask the rules (hold / unsent / send), count
 *      the attempt;
 *   2. the gateway call, with the message id as its reference;
 *   3. the answer recorded (sent with the provider's id; refused: failed; no usable answer: the job throws and
 *      the queue retries it with backoff, failed after the last retry).
 * A crash between 2 and 3 (or two jobs for one message) sends again with the same reference: the provider's
 * idempotency makes that one SMS with the same id, and recording it twice changes nothing.
 */
import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import { JOB_QUEUES, type JobData, type JobInfo } from '../jobs/jobs.types';
import type { Jobs } from '../jobs/queue';
import {
  countAttempt,
  lockMessageForSend,
  markHeld,
  markQueuedWithReason,
  markSent,
  markUnsent,
  recordSendError,
} from './delivery.repo';
import { sendDecision } from './messages.rules';
import { type GatewayConfig, type OutgoingSms, sendSms } from './sms-gateway';

export interface SendJobDeps {
  db: Db;
  log: Logger;
  jobs: Jobs;
  now: () => Date;
  /** Null: no gateway is configured, messages stay queued (NO_GATEWAY). */
  gateway: GatewayConfig | null;
  /** The zone of a team without a policy (env TZ_DEFAULT). */
  fallbackZone: string;
}

/** Thrown so that the queue retries the job; the message keeps the error as its last one. */
export class GatewayRetry extends Error {}

/** States a message never leaves again through a send job. */
const FINISHED = new Set(['sent', 'delivered', 'unsent']);

type Step = { done: string } | { sms: OutgoingSms; attempt: number; teamId: string };

/** Step 1: what to do with the message, decided and written under its lock. */
async function decide(deps: SendJobDeps, messageId: string): Promise<Step> {
  return deps.db.transaction(async (tx): Promise<Step> => {
    const now = deps.now();
    const row = await lockMessageForSend(tx, messageId);
    if (!row) return { done: 'message gone' };
    if (FINISHED.has(row.status)) return { done: `already ${row.status}` };
    // Failed after the gateway took it (a receipt said undelivered): sending again would not be a retry.
    if (row.status === 'failed' && row.providerId) return { done: 'failed after the gateway took it' };
    const decision = await sendDecision(tx, messageId, now, deps.fallbackZone);
    if (decision.action === 'hold') {
      await markHeld(tx, messageId, decision.until, now);
      await deps.jobs.send(tx, 'message.send', { messageId }, { startAfter: decision.until });
      return { done: `held until ${decision.until.toISOString()}` };
    }
    if (decision.action === 'unsent') {
      await markUnsent(tx, messageId, decision.reason, now);
      return { done: `unsent: ${decision.reason}` };
    }
    if (!deps.gateway) {
      await markQueuedWithReason(tx, messageId, 'NO_GATEWAY', now);
      return { done: 'no gateway configured' };
    }
    const attempt = await countAttempt(tx, messageId, now);
    return { sms: { to: row.toPhone, text: row.text, reference: row.id }, attempt, teamId: row.teamId };
  });
}

/** Sends one outbox message (the `message.send` handler). */
export async function sendMessageJob(deps: SendJobDeps, data: JobData['message.send'], job: JobInfo): Promise<void> {
  const { messageId } = data;
  const log = deps.log.child({ messageId, job: job.id, retryCount: job.retryCount });
  const step = await decide(deps, messageId);
  if ('done' in step) {
    log.debug({ why: step.done }, 'message send: nothing to send');
    return;
  }
  const gateway = deps.gateway as GatewayConfig;
  const answer = await sendSms(gateway, step.sms, deps.now());
  // Sent and failed-for-good are audited: the case file's timeline (and its live refresh) show them.
  const settle = (action: string, after: Record<string, unknown>, change: (tx: Tx, now: Date) => Promise<boolean>) =>
    deps.db.transaction(async (tx) => {
      const now = deps.now();
      if (!(await change(tx, now))) return false;
      await appendAudit(tx, {
        actorUserId: null,
        teamId: step.teamId,
        action,
        entityType: 'message',
        entityId: messageId,
        after: { ...after, attempts: step.attempt },
        at: now,
      });
      return true;
    });
  if (answer.outcome === 'accepted') {
    const { providerId } = answer;
    const moved = await settle('message.sent', { status: 'sent', providerId }, (tx, now) =>
      markSent(tx, messageId, providerId, now),
    );
    log.info({ providerId, attempt: step.attempt, moved }, 'message sent');
    return;
  }
  const last = answer.outcome === 'refused' || job.retryCount >= JOB_QUEUES['message.send'].retryLimit;
  const reason = answer.outcome === 'refused' ? 'SMS_GATEWAY_REFUSED' : 'SMS_GATEWAY_UNAVAILABLE';
  if (last) {
    await settle('message.failed', { status: 'failed', reason, error: answer.error }, (tx, now) =>
      recordSendError(tx, messageId, answer.error, now, reason),
    );
  } else {
    await recordSendError(deps.db, messageId, answer.error, deps.now(), null);
  }
  log.warn({ error: answer.error, outcome: answer.outcome, last }, 'message not sent');
  // A refusal is final; anything else is retried by the queue (the last try fails the job for the admins' view).
  if (answer.outcome === 'retry') throw new GatewayRetry(answer.error);
}
