import { createHash, createHmac } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { borrowerPiiFor, maskPhone } from '../../../shared/pii';
import { checkAgreedSlot } from '../../../shared/rules/slots';
import type {
  AgreeSlotInput,
  CancelAppointmentInput,
  CaseFileInput,
  CreateSlotLinkInput,
  LogNoticeInput,
  SlotOptionsInput,
} from '../../../shared/schemas/appointments';
import { withIsoInstants } from '../../../shared/wire';
import type { Tx } from '../../db/client';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import {
  addressById,
  borrowerAddresses,
  caseById,
  contactAttemptsOf,
  noticeLoggedOn,
  recordContact,
} from '../cases/cases.service';
import { assertNoViolations, borrowerVisitTimesOf, describeAll } from '../dispatch/placement';
import { caseFollowUps } from '../follow-ups/follow-ups.service';
import { once } from '../idempotency/idempotency.service';
import { announceVisit } from '../live/live.bus';
import { queueMessage } from '../messages/messages.service';
import { readTeamPolicy } from '../policy/policy.service';
import { assertTeamAccess } from '../scope';
import { complaintChannelOf } from '../teams/teams.service';
import { findAppointment, findCaseAppointments, lockTeamBookings } from './appointments.repo';
import { teamDaySlots } from './availability';
import {
  ACTIVE_CASE,
  assertChangeable,
  assertLocated,
  bookSlot,
  isChangeable,
  loadReplaced,
  NO_VISIT,
} from './booking';
import { closeAppointment } from './closing';
import { linkState } from './link-state';
import { findCaseLinks, insertSlotLink, revokeOpenLinks } from './slot-links.repo';

/** How long a borrower's slot link stays valid. */
const SLOT_LINK_DAYS = 3;

async function loadCase(ctx: AuthedContext, db: AuthedContext['db'] | Tx, caseId: string) {
  const row = await caseById(db, caseId);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'case' });
  assertTeamAccess(ctx.user, row.teamId, 'case');
  return row;
}

/** Everything a dispatcher needs to arrange a visit: notices, addresses, appointments, links, proposals. */
export async function caseFile(ctx: AuthedContext, input: CaseFileInput) {
  const c = await loadCase(ctx, ctx.db, input.caseId);
  const policy = await readTeamPolicy(ctx.db, c.teamId, ctx.env.TZ_DEFAULT, ctx.now());
  const [addressList, notices, appointmentList, links, followUps] = await Promise.all([
    borrowerAddresses(ctx.db, c.borrowerId),
    contactAttemptsOf(ctx.db, c.id),
    findCaseAppointments(ctx.db, c.id),
    findCaseLinks(ctx.db, c.id),
    caseFollowUps(ctx.db, c.id),
  ]);
  const { phone: _phone, ...rest } = c;
  return {
    case: { ...rest, phone: borrowerPiiFor(ctx.user.role).phone === 'clear' ? c.phone : maskPhone(c.phone) },
    policy: {
      timeZone: policy.timeZone,
      allowedStart: policy.allowedStart.slice(0, 5),
      allowedEnd: policy.allowedEnd.slice(0, 5),
      minNoticeMinutes: policy.minNoticeMinutes,
    },
    addresses: addressList,
    notices: notices.map(withIsoInstants),
    appointments: appointmentList.map((a) => ({ ...withIsoInstants(a), changeable: isChangeable(a) })),
    links: links.map((l) => ({ ...withIsoInstants(l), state: linkState(l, ctx.now()) })),
    followUps,
  };
}

export async function logNotice(ctx: AuthedContext, input: LogNoticeInput) {
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'appointments.logNotice' }, async () => {
      const c = await loadCase(ctx, tx, input.caseId);
      const at = ctx.now();
      const { stage, channel, result } = input;
      const id = await recordContact(tx, c, { stage, channel, result, at, userId: ctx.user.id });
      return { id, attemptedAt: at.toISOString() };
    }),
  );
}

/**
 * The day's slots for a case as the dispatcher weighs them on the phone: the team's room in each (crews on
 * shift × visits per slot, minus those agreed) and the rules that would already refuse it for this borrower
 * (too soon, outside the hours, the visit cap, no notice). Advice only: agreeing decides again on the server.
 */
export async function slotOptions(ctx: AuthedContext, input: SlotOptionsInput) {
  const c = await loadCase(ctx, ctx.db, input.caseId);
  const policy = await readTeamPolicy(ctx.db, c.teamId, ctx.env.TZ_DEFAULT, input.date);
  const now = ctx.now();
  // Only an appointment of this case is left out of the borrower's count, as the reschedule itself checks.
  const found = input.replacesAppointmentId ? await findAppointment(ctx.db, input.replacesAppointmentId) : null;
  const replaced = found?.caseId === c.id ? found : null;
  const [slots, noticeLogged, borrowerVisitTimes] = await Promise.all([
    teamDaySlots(ctx.db, c.teamId, input.date, policy),
    noticeLoggedOn(ctx.db, c.id, now),
    borrowerVisitTimesOf(ctx.db, c.borrowerId, replaced?.visitId ?? NO_VISIT),
  ]);
  return slots.map((slot) => {
    const facts = {
      slotStart: slot.start,
      slotEnd: slot.end,
      agreedAt: now,
      noticeLogged,
      addressIsBorrowers: true,
      borrowerVisitTimes,
    };
    return {
      start: slot.start.toISOString(),
      end: slot.end.toISOString(),
      crews: slot.crews,
      free: slot.free,
      problems: describeAll(ctx, checkAgreedSlot(facts, policy)),
    };
  });
}

/** A slot the borrower agreed with the dispatcher (or a new one replacing an agreed appointment). */
export async function agreeSlot(ctx: AuthedContext, input: AgreeSlotInput) {
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'appointments.agree' }, async () => {
      const caseRow = await loadCase(ctx, tx, input.caseId);
      // One booking at a time per team (as a borrower's link books): two dispatchers agreeing at once for one
      // borrower are judged one after the other, so the second sees the first's visit (frequency cap, slots).
      await lockTeamBookings(tx, caseRow.teamId);
      return bookSlot(tx, {
        caseRow,
        addressId: input.addressId,
        visitType: input.visitType,
        slotStart: new Date(input.slotStart),
        slotEnd: new Date(input.slotEnd),
        via: input.via,
        notes: input.notes ?? null,
        replaces: await loadReplaced(tx, caseRow.id, input.replacesAppointmentId),
        agreedAt: ctx.now(),
        userId: ctx.user.id,
        locale: ctx.locale,
        policy: await readTeamPolicy(tx, caseRow.teamId, ctx.env.TZ_DEFAULT, new Date(input.slotStart)),
        outbox: ctx,
      });
    }),
  );
  if (out.replacedVisitId) await announceVisit(ctx, out.teamId, 'visit.cancel', out.replacedVisitId);
  await announceVisit(ctx, out.teamId, 'visit.create', out.visitId);
  return out;
}

/** Cancels an agreed appointment and its visit (unless the visit has started). */
export async function cancelAppointment(ctx: AuthedContext, input: CancelAppointmentInput) {
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'appointments.cancel' }, async () => {
      const a = await loadForCancel(ctx, tx, input.appointmentId);
      const at = ctx.now();
      const why = { reason: input.reason, userId: ctx.user.id, at };
      const closed = await closeAppointment(tx, a, 'cancelled', why, { outbox: ctx });
      const visitVersion = closed?.visit?.version ?? null;
      return { appointmentId: a.id, visitId: a.visitId, teamId: a.teamId, visitVersion };
    }),
  );
  if (out.visitId && out.visitVersion !== null) await announceVisit(ctx, out.teamId, 'visit.cancel', out.visitId);
  return out;
}

async function loadForCancel(ctx: AuthedContext, tx: Tx, appointmentId: string) {
  const a = await findAppointment(tx, appointmentId);
  if (!a) throw new AppError('NOT_FOUND', { entity: 'appointment' });
  assertTeamAccess(ctx.user, a.teamId, 'appointment');
  assertChangeable(a);
  return a;
}

/** The token of a link: derived from the server key and the request's idempotency key, so it is never stored. */
function linkToken(ctx: AuthedContext, idempotencyKey: string): string {
  return createHmac('sha256', ctx.sessionSecret)
    .update(`slot-link:${ctx.user.id}:${idempotencyKey}`)
    .digest('base64url')
    .slice(0, 32);
}

/** The borrower's page of a link (client route /s/:token). */
const slotLinkPath = (token: string) => `/s/${token}`;

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A personal link the borrower opens to pick a slot (SPEC §6): only for an active case with a logged notice
 * and the borrower's own address. Earlier unused links of the case stop working. A retry returns the same link.
 * The borrower's SMS with the link is written to the outbox with it.
 */
export async function createSlotLink(ctx: AuthedContext, input: CreateSlotLinkInput) {
  const token = linkToken(ctx, input.idempotencyKey);
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'appointments.createLink' }, async () => {
      const c = await loadCase(ctx, tx, input.caseId);
      if (!ACTIVE_CASE.has(c.status)) {
        throw new AppError('CASE_NOT_ACTIVE', { status: c.status });
      }
      // The link's page names where to complain: no link for a team that has not said.
      await complaintChannelOf(tx, c.teamId, 'staff');
      const at = ctx.now();
      const address = await addressById(tx, input.addressId);
      if (!address) throw new AppError('NOT_FOUND', { entity: 'address' });
      const violations = [
        ...((await noticeLoggedOn(tx, c.id, at)) ? [] : [{ code: 'NO_NOTICE' as const, params: {} }]),
        ...(address.borrowerId === c.borrowerId ? [] : [{ code: 'NOT_BORROWERS_ADDRESS' as const, params: {} }]),
      ];
      assertNoViolations(ctx, violations, 'SLOT_VIOLATIONS');
      assertLocated(address);
      await loadReplaced(tx, c.id, input.replacesAppointmentId);
      await revokeOpenLinks(tx, c.id, at);
      const expiresAt = new Date(at.getTime() + SLOT_LINK_DAYS * 24 * 3_600_000);
      const id = await insertSlotLink(tx, {
        teamId: c.teamId,
        caseId: c.id,
        addressId: address.id,
        visitType: input.visitType,
        tokenHash: hashLinkToken(token),
        replacesAppointmentId: input.replacesAppointmentId ?? null,
        expiresAt,
        createdBy: ctx.user.id,
        createdAt: at,
      });
      // The borrower's SMS carries the link: the token is in the outbox's text, as the gateway must send it.
      await queueMessage(tx, ctx, {
        kind: 'slot_link',
        caseId: c.id,
        eventKey: `slot_link:${id}`,
        userId: ctx.user.id,
        vars: { link: `${ctx.origin}${slotLinkPath(token)}` },
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: c.teamId,
        action: 'slot_link.create',
        entityType: 'case',
        entityId: c.id,
        after: { slotLinkId: id, addressId: address.id, expiresAt: expiresAt.toISOString() },
        at,
      });
      return { id, expiresAt: expiresAt.toISOString() };
    }),
  );
  return { ...out, path: slotLinkPath(token) };
}
