/**
 * The outbox on the screens (SPEC §8.4): a case's messages with the borrower's opt-out, a visit's messages on
 * its timeline, and the failed messages the dispatcher follows up. Reads only; writing is the outbox's.
 */
import { AppError, type AppErrorCode, ERROR_DEFS, formatErrorMessage, type Locale } from '../../../shared/errors';
import { CHANNEL_WORDS } from '../../../shared/messages/outbox-words';
import { borrowerPiiFor, maskPhone } from '../../../shared/pii';
import type { CaseMessagesInput, VisitMessagesInput } from '../../../shared/schemas/outbox';
import { withIsoInstants } from '../../../shared/wire';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { caseById } from '../cases/cases.service';
import { readTeamPolicy } from '../policy/policy.service';
import { assertTeamAccess, scopedTeamIds } from '../scope';
import {
  countFailedMessages,
  findActiveOptOut,
  findCaseMessages,
  findFailedMessages,
  findVisitMessages,
  findVisitRef,
} from './outbox.read.repo';

type MessageRow = Awaited<ReturnType<typeof findCaseMessages>>[number];

/**
 * Why a message waits, failed or will not leave, in the reader's language: its status reason is an error code
 * (an unknown one, e.g. a gateway's own, is shown as it is). `cap` fills CONTACT_CAP's sentence.
 */
export function messageReason(code: string | null, locale: Locale, facts: { channel?: string; cap?: number } = {}) {
  if (!code) return null;
  if (!Object.hasOwn(ERROR_DEFS, code)) return code;
  const name = facts.channel ?? 'sms';
  const channel = Object.hasOwn(CHANNEL_WORDS, name) ? CHANNEL_WORDS[name as keyof typeof CHANNEL_WORDS][locale] : name;
  return formatErrorMessage(code as AppErrorCode, locale, { channel, cap: facts.cap ?? '' });
}

/** A message as a screen shows it: its reason in words; the number masked for roles that do not call borrowers. */
function toWire(ctx: AuthedContext, m: MessageRow, cap?: number) {
  const { teamId: _team, ...row } = m;
  const clear = borrowerPiiFor(ctx.user.role).phone === 'clear';
  return withIsoInstants({
    ...row,
    toPhone: clear ? m.toPhone : maskPhone(m.toPhone),
    reasonText: messageReason(m.statusReason, ctx.locale, { channel: m.channel, cap }),
  });
}

/** Every message of a case, newest first, and the borrower's SMS opt-out in force (null: none). */
export async function caseMessages(ctx: AuthedContext, { caseId }: CaseMessagesInput) {
  const c = await caseById(ctx.db, caseId);
  if (!c) throw new AppError('NOT_FOUND', { entity: 'case' });
  assertTeamAccess(ctx.user, c.teamId, 'case');
  const [rows, optOut, policy] = await Promise.all([
    findCaseMessages(ctx.db, caseId),
    findActiveOptOut(ctx.db, c.borrowerId, 'sms'),
    readTeamPolicy(ctx.db, c.teamId, ctx.env.TZ_DEFAULT, ctx.now()),
  ]);
  return {
    messages: rows.map((m) => toWire(ctx, m, policy.contactCapPerDay)),
    optOut: optOut ? withIsoInstants(optOut) : null,
    /** The team's zone: "held until 08:00" is the borrower's local time. */
    timeZone: policy.timeZone,
  };
}

/** The messages about a visit, oldest first (the visit's timeline). */
export async function visitMessages(ctx: AuthedContext, { visitId }: VisitMessagesInput) {
  const v = await findVisitRef(ctx.db, visitId);
  if (!v) throw new AppError('NOT_FOUND', { entity: 'visit' });
  assertTeamAccess(ctx.user, v.teamId, 'visit');
  return (await findVisitMessages(ctx.db, v)).map((m) => toWire(ctx, m));
}

/** The messages about a visit whose access the caller checked (the timeline builds on it). */
export function messagesOfVisit(db: DbOrTx, visit: { visitId: string; appointmentId: string }) {
  return findVisitMessages(db, visit);
}

/**
 * Failed messages of the teams (null: every team), the latest first, with why in the reader's language: rows of
 * the dispatcher's follow-up queue.
 */
export async function failedMessagesOf(
  db: DbOrTx,
  teamIds: string[] | null,
  locale: Locale,
  page?: { limit: number; offset: number },
) {
  return (await findFailedMessages(db, teamIds, page)).map((m) => ({
    ...withIsoInstants(m),
    reasonText: messageReason(m.statusReason, locale) ?? m.lastError,
  }));
}

/** How many failed messages of the teams (null: every team) wait for a follow-up. */
export function failedMessageCount(db: DbOrTx, teamIds: string[] | null) {
  return countFailedMessages(db, teamIds);
}

/** Failed messages of the caller's team(s), or of the one team asked for. */
export function failedMessages(ctx: AuthedContext, input: { teamId?: string }) {
  return failedMessagesOf(ctx.db, scopedTeamIds(ctx.user, input.teamId), ctx.locale);
}
