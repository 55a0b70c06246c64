/**
 * A case that is settled (a payment covers what is overdue, or the lender's file says paid or closed) keeps no
 * visits ahead: the one place that retires them, for payments and case intake alike.
 */
import { localDate } from '../../../shared/time';
import type { Tx } from '../../db/client';
import { closeAppointment } from '../appointments/closing';
import type { CancelledVisit } from '../dispatch/dispatch.cancel';
import { closeFollowUps } from '../follow-ups/follow-ups.service';
import type { OutboxDeps } from '../messages/messages.service';
import { findPendingVisits } from './payments.repo';

/**
 * Cancels the case's pending visits from today (in the team's zone) on through the one cancel path (appointment
 * closed, visit off its crew's route, route renumbered, audited) and dismisses its open follow-ups. A visit that
 * got under way meanwhile is left to the crew. Answers the cancelled visits, for the caller to announce after
 * its commit. With `outbox` the borrower is told of each cancelled visit.
 */
export async function retireCase(
  tx: Tx,
  c: { id: string; teamId: string; timeZone: string },
  why: { reason: string; userId: string | null; at: Date; context?: Record<string, unknown> },
  outbox?: OutboxDeps,
): Promise<CancelledVisit[]> {
  const cancelled: CancelledVisit[] = [];
  for (const v of await findPendingVisits(tx, c.id, localDate(why.at, c.timeZone))) {
    const appointment = { id: v.appointmentId, caseId: c.id, teamId: c.teamId, slotStart: v.slotStart, visitId: v.id };
    const closed = await closeAppointment(tx, appointment, 'cancelled', why, { keepUnderWay: true, outbox });
    if (closed?.visit) cancelled.push(closed.visit);
  }
  await closeFollowUps(tx, c.id, { status: 'dismissed' }, why.userId, why.at);
  return cancelled;
}
