import type { VisitType } from './constants';
import { DEFAULT_POLICY } from './policy-defaults';

/** Planner priority 1–5: older and larger debts first. */
export function priorityFor(daysPastDue: number, overdueCents: number): number {
  let p = 1;
  if (daysPastDue > 90) p++;
  if (daysPastDue > 180) p++;
  if (overdueCents > 5_000_000) p++;
  if (overdueCents > 10_000_000) p++;
  return p;
}

/**
 * Minutes on site a visit of this type is planned for, as the team's policy sets them (a verification visit
 * usually takes longer); without a policy at hand, the defaults.
 */
export function serviceMinutesFor(
  type: VisitType,
  policy: { negotiationMinutes: number; verificationMinutes: number } = DEFAULT_POLICY,
): number {
  return type === 'verification' ? policy.verificationMinutes : policy.negotiationMinutes;
}
