import { isIn, STARTED } from '../../shared/domain/visit-lifecycle';

const ms = (d: Date | string) => new Date(d).getTime();

/**
 * The tests' own statement of issue #12's rule: work under way or done, and assigned visits whose arrival or
 * whole slot is behind `now`, must come out of any re-plan exactly where they were.
 */
export function isFrozenAt(
  v: { status: string; plannedArrival: Date | string | null; slotEnd: Date | string },
  now: Date,
): boolean {
  if (isIn(STARTED, v.status)) return true;
  if (v.status !== 'assigned') return false;
  return (v.plannedArrival !== null && ms(v.plannedArrival) < now.getTime()) || ms(v.slotEnd) < now.getTime();
}

/** Never set out for and the whole slot is behind `now`: applying a plan marks it missed. */
export function slotOverUnvisited(v: { status: string; slotEnd: Date | string }, now: Date): boolean {
  return (v.status === 'assigned' || v.status === 'unassigned') && ms(v.slotEnd) < now.getTime();
}
