/**
 * Whether a message may leave now (SPEC §8.4): the borrower's allowed hours, their opt-out of the channel, the
 * policy's contact cap. The one home of these rules: writing a message (messages.service) and sending it (the
 * gateway's job, through sendDecision) both ask here.
 */
import { CAPPED_KINDS, type MessageKind } from '../../../shared/domain/messages';
import { AppError } from '../../../shared/errors';
import { addDays, localDate, localMinutes, timeToMinutes, zonedTimeToUtc } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import { readTeamPolicy } from '../policy/policy.service';
import { countBorrowerMessages, findMessage, hasActiveOptOut } from './outbox.repo';

export type SendDecision =
  | { action: 'send' }
  /** Not yet: the borrower's allowed hours open at `until`. */
  | { action: 'hold'; until: Date }
  /** Never: reason is an error code (OPTED_OUT, CONTACT_CAP …), params its message's ({cap} …). */
  | { action: 'unsent'; reason: string; params?: Record<string, unknown> };

/** The zone of a team that has no policy yet (env TZ_DEFAULT's default), when the caller does not say. */
const DEFAULT_ZONE = 'Asia/Shanghai';

/** What the rules weigh about one message. */
export interface MessageToJudge {
  teamId: string;
  borrowerId: string;
  kind: MessageKind;
  channel: string;
  /** The message itself, once written: left out of the cap's count. */
  id?: string;
  /**
   * The cap counts the borrower's messages of this instant's local day written up to it: the moment of
   * writing, so that judging the message again later comes to the same count (later messages do not push an
   * earlier one over the cap).
   */
  writtenAt: Date;
}

const isCapped = (kind: MessageKind) => (CAPPED_KINDS as readonly MessageKind[]).includes(kind);

/**
 * When the allowed hours (policy of `now`'s local date in the team's zone) are open at `now`: null; otherwise
 * the next opening (before the day's opening: today's; after its close: the next day's, by that day's policy).
 */
export async function nextOpening(db: DbOrTx, teamId: string, now: Date, fallbackZone: string): Promise<Date | null> {
  const policy = await readTeamPolicy(db, teamId, fallbackZone, now);
  const zone = policy.timeZone;
  const today = localDate(now, zone);
  const minutes = localMinutes(now, zone);
  if (minutes < timeToMinutes(policy.allowedStart)) return zonedTimeToUtc(today, policy.allowedStart.slice(0, 5), zone);
  if (minutes < timeToMinutes(policy.allowedEnd)) return null;
  const tomorrow = addDays(today, 1);
  const next = await readTeamPolicy(db, teamId, fallbackZone, tomorrow);
  return zonedTimeToUtc(tomorrow, next.allowedStart.slice(0, 5), next.timeZone);
}

/** The decision for a message as the world stands at `now`: never (opted out, over the cap), not yet, or send. */
export async function judgeMessage(
  db: DbOrTx,
  m: MessageToJudge,
  now: Date,
  fallbackZone: string,
): Promise<SendDecision> {
  if (await hasActiveOptOut(db, m.borrowerId, m.channel)) {
    return { action: 'unsent', reason: 'OPTED_OUT', params: { channel: m.channel.toUpperCase() } };
  }
  if (isCapped(m.kind)) {
    const policy = await readTeamPolicy(db, m.teamId, fallbackZone, m.writtenAt);
    const dayStart = zonedTimeToUtc(localDate(m.writtenAt, policy.timeZone), '00:00', policy.timeZone);
    const count = await countBorrowerMessages(db, {
      borrowerId: m.borrowerId,
      from: dayStart,
      until: m.writtenAt,
      exceptId: m.id,
    });
    if (count >= policy.contactCapPerDay) {
      return { action: 'unsent', reason: 'CONTACT_CAP', params: { cap: policy.contactCapPerDay } };
    }
  }
  const until = await nextOpening(db, m.teamId, now, fallbackZone);
  return until ? { action: 'hold', until } : { action: 'send' };
}

/**
 * Decides for the message `messageId` as the world stands at `now` (the send job asks before each attempt).
 * `fallbackZone` (env TZ_DEFAULT) is the zone of a team that has no policy yet.
 */
export async function sendDecision(
  db: DbOrTx,
  messageId: string,
  now: Date,
  fallbackZone = DEFAULT_ZONE,
): Promise<SendDecision> {
  const m = await findMessage(db, messageId);
  if (!m) throw new AppError('MESSAGE_NOT_FOUND');
  return judgeMessage(
    db,
    {
      id: m.id,
      teamId: m.teamId,
      borrowerId: m.borrowerId,
      kind: m.kind as MessageKind,
      channel: m.channel,
      writtenAt: m.createdAt,
    },
    now,
    fallbackZone,
  );
}
