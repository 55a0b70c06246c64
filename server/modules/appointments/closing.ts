import { AppError } from '../../../shared/errors';
import type { Tx } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import { type CancelledVisit, cancelVisit, type VisitCancellation } from '../dispatch/dispatch.cancel';
import { type OutboxDeps, queueMessage } from '../messages/messages.service';
import { setAppointmentStatus } from './appointments.repo';

/** The appointment being ended (agreed until now) and its visit, if it has one. */
interface ClosingAppointment {
  id: string;
  caseId: string;
  teamId: string;
  slotStart: Date;
  visitId: string | null;
}

/**
 * Ends an agreed appointment (rescheduled, or cancelled by the dispatcher or by a payment that settles the case)
 * and cancels its visit the one way visits are cancelled (dispatch's cancelVisit), auditing both. A visit that
 * got under way meanwhile is refused with VISIT_UNDER_WAY, or with `keepUnderWay` left with its appointment as
 * they are (null). Otherwise returns the cancelled visit (null when there was none) for the caller to announce.
 * A cancellation tells the borrower (visit cancelled) through `outbox`; a reschedule's new appointment does.
 */
export async function closeAppointment(
  tx: Tx,
  a: ClosingAppointment,
  status: 'rescheduled' | 'cancelled',
  why: Omit<VisitCancellation, 'visitId'>,
  opts: { keepUnderWay?: boolean; outbox?: OutboxDeps } = {},
): Promise<{ visit: CancelledVisit | null } | null> {
  let visit: CancelledVisit | null = null;
  if (a.visitId) {
    const result = await cancelVisit(tx, { ...why, visitId: a.visitId });
    if (result.cancelled) visit = result;
    else if (result.status && result.status !== 'cancelled') {
      if (opts.keepUnderWay) return null;
      throw new AppError('VISIT_UNDER_WAY', { status: result.status });
    }
  }
  await setAppointmentStatus(tx, a.id, status);
  if (status === 'cancelled' && opts.outbox) {
    await queueMessage(tx, opts.outbox, {
      kind: 'visit_cancelled',
      caseId: a.caseId,
      eventKey: `appointment:${a.id}:cancelled`,
      appointmentId: a.id,
      userId: why.userId,
    });
  }
  await appendAudit(tx, {
    actorUserId: why.userId,
    teamId: a.teamId,
    action: status === 'cancelled' ? 'appointment.cancel' : 'appointment.reschedule',
    entityType: 'appointment',
    entityId: a.id,
    before: { status: 'agreed', slotStart: a.slotStart.toISOString() },
    after: { status, reason: why.reason, ...why.context },
    at: why.at,
  });
  return { visit };
}
