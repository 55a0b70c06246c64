/**
 * The life of a visit (SPEC §3) in one place: its statuses, which status may follow which, and the groups the
 * planner, the board, the field app and the client ask about. A status list written anywhere else is a copy
 * that will one day disagree with this one.
 */
import { VISIT_STATUSES, type VisitStatus } from './constants';

export { VISIT_STATUSES, type VisitStatus };

/**
 * Every status change the product makes. The dispatcher (or the planner) assigns, moves, unassigns and cancels
 * visits nobody has set out for; the crew goes on its way, arrives and records an outcome; a slot that passed
 * without anyone setting out is marked missed by the server. Correcting an outcome keeps the status.
 */
export const VISIT_TRANSITIONS: Readonly<Record<VisitStatus, readonly VisitStatus[]>> = {
  unassigned: ['assigned', 'missed', 'cancelled'],
  assigned: ['unassigned', 'en_route', 'missed', 'cancelled'],
  en_route: ['on_site'],
  on_site: ['completed', 'missed'],
  completed: [],
  missed: [],
  cancelled: [],
};

/** Whether `to` may directly follow `from`. */
export function canTransition(from: string, to: VisitStatus): boolean {
  return (VISIT_TRANSITIONS[from as VisitStatus] ?? []).includes(to);
}

/** Nobody has set out yet: the dispatcher and the planner may still place, move, unassign or cancel it. */
export const MOVABLE = ['unassigned', 'assigned'] as const satisfies readonly VisitStatus[];

/** A crew is on its way to the door or at it. */
export const UNDER_WAY = ['en_route', 'on_site'] as const satisfies readonly VisitStatus[];

/** Closed by an outcome (or by the missed-slot rule): the crew's work on it is over. */
export const OUTCOME_RECORDED = ['completed', 'missed'] as const satisfies readonly VisitStatus[];

/** Nothing more will happen at the door: closed by an outcome, or called off. */
export const DONE = [...OUTCOME_RECORDED, 'cancelled'] as const satisfies readonly VisitStatus[];

/**
 * A crew set out for it, or it is over (cancelled aside): it is out of the dispatcher's hands, so it can no
 * longer be rescheduled or cancelled, and re-planning keeps it exactly where it is.
 */
export const STARTED = [...UNDER_WAY, ...OUTCOME_RECORDED] as const satisfies readonly VisitStatus[];

/** The crew is at the door or the visit was made there (a missed visit was not). */
export const MADE = ['on_site', 'completed'] as const satisfies readonly VisitStatus[];

/** Still to happen and nobody at the door yet: a slot running out on one of these puts it at risk. */
export const AWAITING_ARRIVAL = ['unassigned', 'assigned', 'en_route'] as const satisfies readonly VisitStatus[];

/** Whether a status (as stored or as sent over the wire) belongs to one of the groups above. */
export function isIn(group: readonly VisitStatus[], status: string): boolean {
  return (group as readonly string[]).includes(status);
}

/**
 * The missed-slot rule: nobody set out for the visit and its agreed slot is over, so it can only be missed.
 * The planner keeps such a visit where it is, and applying a plan marks it missed.
 */
export function slotPassedUnvisited(v: { status: string; slotEnd: Date }, now: Date): boolean {
  return isIn(MOVABLE, v.status) && v.slotEnd.getTime() < now.getTime();
}
