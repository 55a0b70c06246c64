import { ACTIVE_CASE_STATUSES, type ContactChannel, type VisitType } from '../../../shared/domain/constants';
import type { TeamPolicy } from '../../../shared/domain/policy-defaults';
import { priorityFor, serviceMinutesFor } from '../../../shared/domain/visit-facts';
import { isIn, STARTED } from '../../../shared/domain/visit-lifecycle';
import { AppError, type Locale } from '../../../shared/errors';
import { checkAgreedSlot, MAX_SLOT_MINUTES } from '../../../shared/rules/slots';
import { localDate } from '../../../shared/time';
import type { Tx } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import { addressById, type CaseRow, noticeLoggedOn } from '../cases/cases.service';
import { assertNoViolations, borrowerVisitTimesOf } from '../dispatch/placement';
import { closeFollowUps } from '../follow-ups/follow-ups.service';
import { type OutboxDeps, queueMessage } from '../messages/messages.service';
import { type AppointmentRow, findAppointment, insertAppointmentWithVisit } from './appointments.repo';
import { closeAppointment } from './closing';
import { revokeOpenLinks } from './slot-links.repo';

/** Case statuses for which a visit may still be arranged. */
export const ACTIVE_CASE: ReadonlySet<string> = new Set(ACTIVE_CASE_STATUSES);
/** Stands in for "no visit to leave out" when counting the borrower's other visits. */
export const NO_VISIT = '00000000-0000-0000-0000-000000000000';

interface Booking {
  caseRow: CaseRow;
  addressId: string;
  visitType: VisitType;
  slotStart: Date;
  slotEnd: Date;
  via: ContactChannel;
  notes: string | null;
  /** The appointment this one replaces (a reschedule), already loaded. */
  replaces: AppointmentRow | null;
  agreedAt: Date;
  userId: string | null;
  locale: Locale;
  policy: TeamPolicy;
  /** The borrower's link this booking comes through: it is marked used, not retired. */
  viaLinkId?: string;
  /** Where the borrower's "visit agreed" (or "visit moved") message is written. */
  outbox: OutboxDeps;
}

/** Why an appointment can no longer be moved or cancelled (it has ended, or its visit has started), if so. */
function changeRefusal(a: { status: string; visitStatus: string | null }): AppError | null {
  if (a.status !== 'agreed') return new AppError('APPOINTMENT_NOT_ACTIVE', { status: a.status });
  if (a.visitStatus && isIn(STARTED, a.visitStatus)) {
    return new AppError('VISIT_UNDER_WAY', { status: a.visitStatus });
  }
  return null;
}

/** Refuses to change an appointment that has ended or whose visit has started. */
export function assertChangeable(a: AppointmentRow): void {
  const refusal = changeRefusal(a);
  if (refusal) throw refusal;
}

/** The same rule as a flag, so the case file offers Reschedule/Cancel only where the server would accept them. */
export const isChangeable = (a: { status: string; visitStatus: string | null }) => changeRefusal(a) === null;

/**
 * Refuses an address a newer one from the lender’s file replaced (history, not offered), and one that has no
 * location yet (imported without coordinates, not pinned): no crew can be routed
 * there. Every agreed slot (by phone or through the borrower's link) and every link sent passes here.
 */
export function assertLocated(address: { lat: number | null; text: string; supersededAt: Date | null }): void {
  if (address.supersededAt !== null) {
    throw new AppError('ADDRESS_REPLACED', { address: address.text }, { addressId: 'ADDRESS_REPLACED' });
  }
  if (address.lat === null) {
    throw new AppError('ADDRESS_NOT_LOCATED', { address: address.text }, { addressId: 'ADDRESS_NOT_LOCATED' });
  }
}

/** Loads the appointment a reschedule replaces and checks it belongs to the case and may still change. */
export async function loadReplaced(tx: Tx, caseId: string, appointmentId: string | null | undefined) {
  if (!appointmentId) return null;
  const a = await findAppointment(tx, appointmentId);
  if (!a || a.caseId !== caseId) throw new AppError('NOT_FOUND', { entity: 'appointment' });
  assertChangeable(a);
  return a;
}

/**
 * Records an agreed slot: checks every rule that does not need a crew (SPEC §4), creates the appointment and
 * its unassigned visit, supersedes the replaced appointment, closes the case's open follow-up proposals and
 * other slot links, writes the borrower's message (slot agreed, or visit moved for a reschedule) and audits it
 * all. Runs inside the caller's transaction; nothing stays when a rule fails.
 */
export async function bookSlot(tx: Tx, b: Booking) {
  const { caseRow, policy } = b;
  if (!ACTIVE_CASE.has(caseRow.status)) throw new AppError('CASE_NOT_ACTIVE', { status: caseRow.status });
  const minutes = (b.slotEnd.getTime() - b.slotStart.getTime()) / 60_000;
  if (!(minutes > 0 && minutes <= MAX_SLOT_MINUTES))
    throw new AppError('SLOT_INVALID', { hours: MAX_SLOT_MINUTES / 60 });
  const address = await addressById(tx, b.addressId);
  if (!address) throw new AppError('NOT_FOUND', { entity: 'address' });
  const violations = checkAgreedSlot(
    {
      slotStart: b.slotStart,
      slotEnd: b.slotEnd,
      agreedAt: b.agreedAt,
      noticeLogged: await noticeLoggedOn(tx, caseRow.id, b.agreedAt),
      addressIsBorrowers: address.borrowerId === caseRow.borrowerId,
      borrowerVisitTimes: await borrowerVisitTimesOf(tx, caseRow.borrowerId, b.replaces?.visitId ?? NO_VISIT),
    },
    policy,
  );
  assertNoViolations({ locale: b.locale }, violations, 'SLOT_VIOLATIONS');
  // After the rules: someone else's address is refused as such, without naming it.
  assertLocated(address);

  const created = await insertAppointmentWithVisit(tx, {
    caseId: caseRow.id,
    addressId: b.addressId,
    teamId: caseRow.teamId,
    slotStart: b.slotStart,
    slotEnd: b.slotEnd,
    agreedAt: b.agreedAt,
    via: b.via,
    notes: b.notes,
    supersedesId: b.replaces?.id ?? null,
    userId: b.userId,
    visitDate: localDate(b.slotStart, policy.timeZone),
    visitType: b.visitType,
    serviceMinutes: serviceMinutesFor(b.visitType, policy),
    priority: priorityFor(caseRow.daysPastDue, caseRow.overdueAmountCents),
  });
  const replaced = b.replaces
    ? await closeAppointment(tx, b.replaces, 'rescheduled', {
        reason: 'rescheduled',
        userId: b.userId,
        at: b.agreedAt,
        context: { replacedBy: created.appointmentId },
      })
    : null;
  await closeFollowUps(
    tx,
    caseRow.id,
    { status: 'scheduled', appointmentId: created.appointmentId },
    b.userId,
    b.agreedAt,
  );
  await revokeOpenLinks(tx, caseRow.id, b.agreedAt, b.viaLinkId);

  await queueMessage(tx, b.outbox, {
    kind: b.replaces ? 'visit_moved' : 'slot_agreed',
    caseId: caseRow.id,
    eventKey: `appointment:${created.appointmentId}`,
    appointmentId: created.appointmentId,
    replacedAppointmentId: b.replaces?.id ?? null,
    userId: b.userId,
  });

  const slot = { slotStart: b.slotStart.toISOString(), slotEnd: b.slotEnd.toISOString() };
  await appendAudit(tx, {
    actorUserId: b.userId,
    teamId: caseRow.teamId,
    action: 'appointment.agree',
    entityType: 'appointment',
    entityId: created.appointmentId,
    after: { caseId: caseRow.id, addressId: b.addressId, ...slot, via: b.via, supersedes: b.replaces?.id ?? null },
    at: b.agreedAt,
  });
  await appendAudit(tx, {
    actorUserId: b.userId,
    teamId: caseRow.teamId,
    action: 'visit.create',
    entityType: 'visit',
    entityId: created.visitId,
    after: { status: 'unassigned', visitType: b.visitType, ...slot, version: created.version },
    at: b.agreedAt,
  });
  return { ...created, teamId: caseRow.teamId, ...slot, replacedVisitId: replaced?.visit?.visitId ?? null };
}
