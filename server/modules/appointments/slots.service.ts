import { AppError } from '../../../shared/errors';
import { translate } from '../../../shared/messages/catalogue';
import { SERVER_WORDS } from '../../../shared/messages/server-words';
import { checkAgreedSlot, nextDates } from '../../../shared/rules/slots';
import type { ConfirmSlotInput, DeclineSlotsInput, SlotOfferInput } from '../../../shared/schemas/appointments';
import { localDate, localTime } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { Context } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { caseById, logContactAttempt } from '../cases/cases.service';
import { borrowerVisitTimesOf } from '../dispatch/placement';
import { requestCallback } from '../follow-ups/follow-ups.service';
import { announceVisit } from '../live/live.bus';
import { readTeamPolicy, readTeamZone } from '../policy/policy.service';
import { attemptsSucceeded, reserveAttempts } from '../rate-limit/rate-limit.service';
import { complaintChannelOf } from '../teams/teams.service';
import { findAppointment, lockTeamBookings } from './appointments.repo';
import { hashLinkToken } from './appointments.service';
import { teamDaySlots } from './availability';
import { bookSlot, loadReplaced, NO_VISIT } from './booking';
import { linkState } from './link-state';
import { declineSlotLink, findSlotLink, markSlotLinkUsed, type SlotLinkRow } from './slot-links.repo';

/** Days ahead the borrower may choose from (crews are rostered about a week ahead). */
const OFFER_DAYS = 7;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,64}$/;

async function openLink(db: DbOrTx, token: string): Promise<SlotLinkRow> {
  const link = TOKEN_SHAPE.test(token) ? await findSlotLink(db, hashLinkToken(token)) : null;
  if (!link) throw new AppError('SLOT_LINK_INVALID');
  return link;
}

/**
 * Opens a link on the caller's address's allowance of unknown tokens (LIMITS.slotLinkMiss): the attempt is
 * reserved before the lookup and given back when the link exists. Runs before the request's transaction, so
 * that rolling that back cannot take a miss back.
 */
async function admitLink(ctx: Context, token: string): Promise<SlotLinkRow> {
  const attempts = await reserveAttempts(ctx.db, ctx.now(), [['slotLinkMiss', ctx.ip]]);
  const link = await openLink(ctx.db, token);
  await attemptsSucceeded(ctx.db, attempts);
  return link;
}

/**
 * The slots a borrower may pick: whole slots inside the allowed visiting hours, far enough ahead for the
 * minimum notice, within the borrower's visit cap, and only where the team's crews that day have room left
 * (crews whose shifts cover the slot × visits per crew per slot, minus the visits already agreed in it). Each
 * day is judged by the policy in effect on it.
 */
async function offeredSlots(db: DbOrTx, link: SlotLinkRow, timeZone: string, now: Date) {
  const borrowerVisitTimes = await borrowerVisitTimesOf(db, link.borrowerId, await replacedVisitId(db, link));
  const out: { start: string; end: string }[] = [];
  for (const date of nextDates(localDate(now, timeZone), OFFER_DAYS)) {
    const policy = await readTeamPolicy(db, link.teamId, timeZone, date);
    for (const slot of await teamDaySlots(db, link.teamId, date, policy)) {
      if (slot.free <= 0) continue;
      const facts = {
        slotStart: slot.start,
        slotEnd: slot.end,
        agreedAt: now,
        noticeLogged: true,
        addressIsBorrowers: true,
        borrowerVisitTimes,
      };
      if (checkAgreedSlot(facts, policy).length === 0) {
        out.push({ start: slot.start.toISOString(), end: slot.end.toISOString() });
      }
    }
  }
  return out;
}

async function replacedVisitId(db: DbOrTx, link: SlotLinkRow): Promise<string> {
  if (!link.replacesAppointmentId) return NO_VISIT;
  return (await findAppointment(db, link.replacesAppointmentId))?.visitId ?? NO_VISIT;
}

/** What the link shows: who will visit and where, and the free slots — never anything about the debt. */
export async function slotOffer(ctx: Context, input: SlotOfferInput) {
  const link = await admitLink(ctx, input.token);
  // Before anything else: a page that cannot say where to complain is not shown at all.
  const complaint = await complaintChannelOf(ctx.db, link.teamId, 'borrower');
  const timeZone = await readTeamZone(ctx.db, link.teamId, ctx.env.TZ_DEFAULT);
  const now = ctx.now();
  // A retired link (a newer one was sent, or a slot agreed by phone) reads to the borrower as expired.
  const found = linkState(link, now);
  const state = found === 'retired' ? 'expired' : found;
  return {
    state,
    lenderName: translate(SERVER_WORDS, 'LENDER_NAME', ctx.locale),
    complaint,
    visitType: link.visitType,
    address: link.addressText,
    timeZone,
    expiresAt: link.expiresAt.toISOString(),
    chosen:
      link.chosenStart && link.chosenEnd
        ? { start: link.chosenStart.toISOString(), end: link.chosenEnd.toISOString() }
        : null,
    slots: state === 'open' ? await offeredSlots(ctx.db, link, timeZone, now) : [],
  };
}

/**
 * The borrower picks a slot: it must still be on offer; the appointment (agreed via the app, confirmed by the
 * borrower) and its unassigned visit are created exactly as a dispatcher's would be. The link is single-use:
 * a retry after success finds it used for the same slot and gets the same answer.
 */
export async function confirmSlot(ctx: Context, input: ConfirmSlotInput) {
  await admitLink(ctx, input.token);
  const out = await ctx.db.transaction(async (tx) => {
    const opened = await openLink(tx, input.token);
    // One booking at a time per team, so two borrowers cannot both take a slot's last place; a double-click's
    // twin waits here and then reads the link as the first left it (used: the same answer).
    await lockTeamBookings(tx, opened.teamId);
    const link = await openLink(tx, input.token);
    const timeZone = await readTeamZone(tx, link.teamId, ctx.env.TZ_DEFAULT);
    const fmt = (d: Date) => `${localDate(d, timeZone)} ${localTime(d, timeZone)}`;
    if (link.usedAt && link.chosenStart && link.chosenEnd) {
      if (link.chosenStart.getTime() === new Date(input.slotStart).getTime()) {
        return { slotStart: link.chosenStart.toISOString(), slotEnd: link.chosenEnd.toISOString(), repeated: true };
      }
      throw new AppError('SLOT_LINK_USED', { slot: fmt(link.chosenStart) });
    }
    const now = ctx.now();
    if (link.revokedAt || link.expiresAt <= now) {
      throw new AppError('SLOT_LINK_EXPIRED', { at: fmt(link.revokedAt ?? link.expiresAt) });
    }
    const offer = await offeredSlots(tx, link, timeZone, now);
    const slot = offer.find((s) => new Date(s.start).getTime() === new Date(input.slotStart).getTime());
    if (!slot) throw new AppError('SLOT_NOT_OFFERED');
    const caseRow = await caseById(tx, link.caseId);
    if (!caseRow) throw new AppError('SLOT_LINK_INVALID');
    const booked = await bookSlot(tx, {
      caseRow,
      addressId: link.addressId,
      visitType: link.visitType,
      slotStart: new Date(slot.start),
      slotEnd: new Date(slot.end),
      via: 'app',
      notes: null,
      replaces: await loadReplaced(tx, caseRow.id, link.replacesAppointmentId),
      agreedAt: now,
      userId: null,
      locale: ctx.locale,
      policy: await readTeamPolicy(tx, link.teamId, timeZone, new Date(slot.start)),
      viaLinkId: link.id,
      outbox: ctx,
    });
    if (!(await markSlotLinkUsed(tx, link.id, booked.appointmentId, now))) throw new AppError('SLOT_NOT_OFFERED');
    return { slotStart: slot.start, slotEnd: slot.end, repeated: false, booked };
  });
  if (out.booked) {
    const { teamId, visitId, replacedVisitId } = out.booked;
    if (replacedVisitId) await announceVisit(ctx, teamId, 'visit.cancel', replacedVisitId);
    await announceVisit(ctx, teamId, 'visit.create', visitId);
  }
  return { slotStart: out.slotStart, slotEnd: out.slotEnd };
}

/** What is written on the case when the borrower asks for a call, in both languages the team may read. */
export const CALL_ME = `${SERVER_WORDS.CALL_REQUESTED['zh-CN']} / ${SERVER_WORDS.CALL_REQUESTED.en}`;

/**
 * None of the offered times suit: the borrower asks for a call instead. The link is retired, the request is
 * logged on the case (with the borrower's note) and lands in the dispatcher's follow-up queue for today.
 * Asking twice is answered the same.
 */
export async function declineSlots(ctx: Context, input: DeclineSlotsInput) {
  await admitLink(ctx, input.token);
  return ctx.db.transaction(async (tx) => {
    const link = await openLink(tx, input.token);
    const timeZone = await readTeamZone(tx, link.teamId, ctx.env.TZ_DEFAULT);
    const now = ctx.now();
    const state = linkState(link, now);
    if (state === 'declined') return { declined: true };
    if (state === 'used' && link.chosenStart) {
      const slot = `${localDate(link.chosenStart, timeZone)} ${localTime(link.chosenStart, timeZone)}`;
      throw new AppError('SLOT_LINK_USED', { slot });
    }
    if (state !== 'open' || !(await declineSlotLink(tx, link.id, now))) {
      const at = link.revokedAt ?? link.expiresAt;
      throw new AppError('SLOT_LINK_EXPIRED', {
        at: `${localDate(at, timeZone)} ${localTime(at, timeZone)}`,
      });
    }
    const result = input.note ? `${CALL_ME} — ${input.note}` : CALL_ME;
    const attemptId = await logContactAttempt(tx, {
      caseId: link.caseId,
      stage: 'follow_up',
      channel: 'app',
      result,
      at: now,
      userId: null,
    });
    await requestCallback(tx, {
      caseId: link.caseId,
      reason: result,
      note: input.note ?? null,
      proposedFor: localDate(now, timeZone),
      at: now,
    });
    await appendAudit(tx, {
      actorUserId: null,
      teamId: link.teamId,
      action: 'slot_link.decline',
      entityType: 'case',
      entityId: link.caseId,
      after: { slotLinkId: link.id, contactAttemptId: attemptId, note: input.note ?? null },
      at: now,
    });
    return { declined: true };
  });
}
