import type { VisitType } from './constants';

/** Planner priority 1–5: older and larger debts first. */
export function priorityFor(daysPastDue: number, overdueCents: number): number {
  let p = 1;
  if (daysPastDue > 90) p++;
  if (daysPastDue > 180) p++;
  if (overdueCents > 5_000_000) p++;
  if (overdueCents > 10_000_000) p++;
  return p;
}

/** Minutes on site a visit of this type is planned for: a verification visit takes longer. */
export function serviceMinutesFor(type: VisitType): number {
  return type === 'verification' ? 60 : 45;
}
