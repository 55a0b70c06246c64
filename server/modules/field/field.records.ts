import type { ConflictReason, FieldRecordAction } from '../../../shared/domain/field-conflicts';
import { canTransition, isIn, MOVABLE, UNDER_WAY, type VisitStatus } from '../../../shared/domain/visit-lifecycle';
import type { FieldVisit } from './field.repo';

/**
 * What becomes of a field record (on my way, check-in, outcome) when it reaches the server, given the visit as it
 * now stands and the crew the record was made for. The one home of these rules: the field procedures decide with
 * them and a dispatcher's accept checks with them.
 */
type RecordDecision = { kind: 'apply' } | { kind: 'already' } | { kind: 'keep'; reason: ConflictReason };

type VisitState = Pick<FieldVisit, 'status' | 'crewId' | 'enRouteAt' | 'checkInAt'>;

/** Why a record cannot land on the visit: what had happened to it. */
export function conflictReason(visit: VisitState, crewId: string): ConflictReason {
  if (visit.status === 'cancelled') return 'cancelled';
  // Missed by the slot rule (nobody had set out as far as the server knew); a crew's own "absent" outcome checks in first.
  if (visit.status === 'missed' && visit.checkInAt === null) return 'missed';
  if (visit.crewId === null) return 'unassigned';
  if (visit.crewId !== crewId) return 'moved';
  return 'status';
}

/** The crew's own flow has already passed this step (a partner's phone sent it first): nothing to add. */
function alreadyReached(visit: VisitState, to: 'en_route' | 'on_site'): boolean {
  return to === 'en_route' ? visit.enRouteAt !== null : visit.checkInAt !== null;
}

/**
 * On my way or check-in: applied when the visit is on the crew and the lifecycle allows the step (the version
 * the phone saw may be older: a re-timed or pinned stop is still the crew's to go to), answered as it stands when
 * the crew already took the step, kept as a conflict otherwise.
 */
export function decideStatusRecord(visit: VisitState, crewId: string, to: 'en_route' | 'on_site'): RecordDecision {
  const onCrew = visit.crewId === crewId;
  if (onCrew && canTransition(visit.status, to)) return { kind: 'apply' };
  if (onCrew && alreadyReached(visit, to)) return { kind: 'already' };
  return { kind: 'keep', reason: conflictReason(visit, crewId) };
}

/**
 * An outcome: kept when the visit is no longer the crew's, was cancelled or was missed by the slot rule; anything
 * else goes to the outcome rules (which refuse an outcome before check-in, to be fixed on the phone).
 */
export function decideOutcomeRecord(visit: VisitState, crewId: string): RecordDecision {
  const reason = conflictReason(visit, crewId);
  return reason === 'status' ? { kind: 'apply' } : { kind: 'keep', reason };
}

// The order of a visit's field steps: accepting one accepts the crew's open records of the steps before it.
const STEP: Record<FieldRecordAction, number> = { en_route: 0, check_in: 1, outcome: 2 };

/**
 * The crew's open records a dispatcher's accept of `accepted` applies, in lifecycle order: the record and those of
 * earlier steps (a check-in implies the trip to the door), whatever the phones' clocks said.
 */
export function recordsImplied<T extends { id: string; action: string }>(open: T[], accepted: T): T[] {
  const rank = (r: T) => STEP[r.action as FieldRecordAction] ?? 0;
  const implied = open.filter((r) => r.id !== accepted.id && rank(r) < rank(accepted));
  return [...implied.sort((a, b) => rank(a) - rank(b)), accepted];
}

/**
 * Why a dispatcher cannot accept a crew's kept record onto the visit, or null: a visit nobody set out for goes
 * back to the crew; one under way by that crew carries on; one under way by another crew, done, missed or
 * cancelled cannot take it (the lifecycle has no way back), so the record can only be dismissed.
 */
export function acceptBlocker(visit: Pick<FieldVisit, 'status' | 'crewId'>, crewId: string): VisitStatus | null {
  if (isIn(MOVABLE, visit.status)) return null;
  if (isIn(UNDER_WAY, visit.status) && visit.crewId === crewId) return null;
  return visit.status;
}
