import { isIn, MOVABLE } from '../../../shared/domain/visit-lifecycle';
import type { Tx } from '../../db/client';
import { appendAudit } from '../audit/audit.service';
import { cancelVisitRow, findVisitFacts, renumberCrewRoute } from './dispatch.repo';

/** Who cancels a visit, when and why. */
export interface VisitCancellation {
  visitId: string;
  /** Why, as the audit entry keeps it: the dispatcher's words, 'rescheduled', 'case_paid' … */
  reason: string;
  userId: string | null;
  at: Date;
  /** More facts for the audit entry (the payment that settled the case …). */
  context?: Record<string, unknown>;
}

export type CancelledVisit = { cancelled: true; visitId: string; teamId: string; version: number };
/** The visit was cancelled, or left as it was: already under way or cancelled (status), or unknown (null). */
type CancelResult = CancelledVisit | { cancelled: false; status: string | null };

/**
 * The one way a visit is cancelled, whoever cancels it (an appointment cancelled or rescheduled, a payment that
 * settles the case): read fresh under a row lock, taken off its crew's route (crew, agents, arrival, position,
 * pin), the crew's remaining stops renumbered, the version bumped from the locked row, audited — in the caller's
 * transaction. A visit under way or already cancelled is left alone. The caller announces a cancelled visit
 * after its commit (announceVisit 'visit.cancel'), as every change to the board is.
 */
export async function cancelVisit(tx: Tx, c: VisitCancellation): Promise<CancelResult> {
  const before = await findVisitFacts(tx, c.visitId, true);
  if (!before || !isIn(MOVABLE, before.status)) return { cancelled: false, status: before?.status ?? null };
  const version = await cancelVisitRow(tx, before.id, { userId: c.userId, at: c.at });
  if (before.crewId) await renumberCrewRoute(tx, before.crewId);
  await appendAudit(tx, {
    actorUserId: c.userId,
    teamId: before.teamId,
    action: 'visit.cancel',
    entityType: 'visit',
    entityId: before.id,
    before: { status: before.status, crewId: before.crewId, version: before.version },
    after: { status: 'cancelled', reason: c.reason, version, ...c.context },
    at: c.at,
  });
  return { cancelled: true, visitId: before.id, teamId: before.teamId, version };
}
