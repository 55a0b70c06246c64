/**
 * The outbox (SPEC §8.4): every borrower message is written here, in the transaction of the change that causes
 * it, with its send job. One message of a kind per event and channel: writing an event again (a retry, a replay,
 * two dispatchers at once) answers the first message and queues nothing.
 */
import type { MessageKind, MessageStatus } from '../../../shared/domain/messages';
import { AppError, type Locale } from '../../../shared/errors';
import { SERVER_WORDS } from '../../../shared/messages/server-words';
import type { Tx } from '../../db/client';
import type { Env } from '../../env';
import { caseById } from '../cases/cases.service';
import type { Jobs } from '../jobs/queue';
import { readTeamPolicy } from '../policy/policy.service';
import { type ComplaintChannel, complaintChannelOf } from '../teams/teams.service';
import { judgeMessage, type SendDecision } from './messages.rules';
import { builtInTemplate, currentTemplate, renderTemplate, type Template } from './messages.templates';
import { messageVariables } from './messages.variables';
import { findMessageByEvent, findVisitFacts, insertMessage } from './outbox.repo';

/** What writing a message needs from its caller (a request's context or a job's deps both have these). */
export interface OutboxDeps {
  jobs: Jobs;
  /** TZ_DEFAULT: the zone of a team that has no policy yet. */
  env: Pick<Env, 'TZ_DEFAULT'>;
  now: () => Date;
  /** The public origin links in messages point to (https://doorstep.example.com); absent: links are relative. */
  origin?: string;
}

export interface QueueMessageInput {
  kind: MessageKind;
  caseId: string;
  /**
   * The event the message is about ('appointment:<id>', 'visit:<id>:en_route', 'reminder:<visitId>:<date>' …):
   * one message of a kind per event and channel; writing it again returns the first.
   */
  eventKey: string;
  /** The appointment the message tells about (its slot, address, crew); or its visit. */
  appointmentId?: string | null;
  visitId?: string | null;
  /** visit_moved: the appointment the new one replaced (its old slot is named too). */
  replacedAppointmentId?: string | null;
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
  /** Why it waits or will not leave (an error code), with that error's params when this call decided it. */
  statusReason: string | null;
  reasonParams?: Record<string, unknown>;
}

const CHANNEL = 'sms';

/** The language of a borrower's messages: their preferred language, Chinese unless they chose English. */
export const messageLocale = (preferredLanguage: string): Locale => (preferredLanguage === 'en' ? 'en' : 'zh-CN');

/** The team's complaint channel, or null when it has none (its messages are then not sent: see below). */
async function complaintOrNull(tx: Tx, teamId: string): Promise<ComplaintChannel | null> {
  try {
    return await complaintChannelOf(tx, teamId, 'staff');
  } catch (err) {
    if (err instanceof AppError && err.code === 'TEAM_COMPLAINT_CHANNEL_MISSING') return null;
    throw err;
  }
}

const answerOf = (m: { id: string; status: string; statusReason: string | null }): QueuedMessage => ({
  messageId: m.id,
  status: m.status as MessageStatus,
  created: false,
  statusReason: m.statusReason,
});

/**
 * The message's text from the template in use. A saved text with a variable its kind does not know (the editor
 * refuses those; one saved before a kind lost a variable) must not stop the change that causes the message (a
 * slot being agreed): the built-in text is used instead, and the row's template version says so (0).
 */
function rendered(saved: Template, vars: Record<string, string>): { template: Template; text: string } {
  try {
    return { template: saved, text: renderTemplate(saved.body, vars) };
  } catch (err) {
    if (saved.version === 0 || !(err instanceof AppError)) throw err;
    const fallback = builtInTemplate(saved.kind, saved.locale);
    return { template: fallback, text: renderTemplate(fallback.body, vars) };
  }
}

const STATUS_OF: Record<SendDecision['action'], MessageStatus> = { send: 'queued', hold: 'held', unsent: 'unsent' };

/** Renders and writes one message and (when it may leave) its send job, inside `tx`. */
export async function queueMessage(tx: Tx, deps: OutboxDeps, input: QueueMessageInput): Promise<QueuedMessage> {
  const earlier = await findMessageByEvent(tx, input.kind, CHANNEL, input.eventKey);
  if (earlier) return answerOf(earlier);
  const c = await caseById(tx, input.caseId);
  if (!c) throw new AppError('NOT_FOUND', { entity: 'case' });
  const now = deps.now();
  const locale = messageLocale(c.preferredLanguage);
  const policy = await readTeamPolicy(tx, c.teamId, deps.env.TZ_DEFAULT, now);
  const complaint = await complaintOrNull(tx, c.teamId);
  const visit = await findVisitFacts(tx, { appointmentId: input.appointmentId, visitId: input.visitId });
  const previous = input.replacedAppointmentId
    ? await findVisitFacts(tx, { appointmentId: input.replacedAppointmentId })
    : null;
  const saved = await currentTemplate(tx, input.kind, locale);
  const vars = messageVariables({
    kind: input.kind,
    locale,
    lender: SERVER_WORDS.LENDER_NAME[locale],
    complaint,
    policy,
    overdueAmountCents: c.overdueAmountCents,
    visit,
    previous,
    origin: deps.origin,
    given: input.vars ?? {},
  });
  const { template, text } = rendered(saved, vars);
  const message = { teamId: c.teamId, borrowerId: c.borrowerId, kind: input.kind, channel: CHANNEL, writtenAt: now };
  // A borrower must be told where to complain (SPEC §1): without a channel nothing leaves, and the row says why.
  const decision: SendDecision = complaint
    ? await judgeMessage(tx, message, now, deps.env.TZ_DEFAULT)
    : { action: 'unsent', reason: 'TEAM_COMPLAINT_CHANNEL_MISSING', params: { team: c.teamName } };
  const status = STATUS_OF[decision.action];
  const notBefore = decision.action === 'hold' ? decision.until : now;
  const id = await insertMessage(tx, {
    teamId: c.teamId,
    caseId: c.id,
    borrowerId: c.borrowerId,
    appointmentId: visit?.appointmentId ?? null,
    visitId: visit?.visitId ?? null,
    kind: input.kind,
    channel: CHANNEL,
    eventKey: input.eventKey,
    locale,
    templateVersion: template.version,
    toPhone: c.phone,
    text,
    status,
    statusReason: decision.action === 'unsent' ? decision.reason : null,
    notBefore,
    createdBy: input.userId,
    createdAt: now,
    updatedAt: now,
  });
  if (!id) {
    // Another transaction wrote the event's message meanwhile (it committed first): that one stands.
    const first = await findMessageByEvent(tx, input.kind, CHANNEL, input.eventKey);
    if (!first) throw new Error(`outbox: event ${input.kind}/${input.eventKey} neither written nor found`);
    return answerOf(first);
  }
  if (decision.action !== 'unsent') {
    await deps.jobs.send(tx, 'message.send', { messageId: id }, { startAfter: notBefore });
  }
  const statusReason = decision.action === 'unsent' ? decision.reason : null;
  const reasonParams = decision.action === 'unsent' ? decision.params : undefined;
  return { messageId: id, status, created: true, statusReason, reasonParams };
}
