/** The compliance exceptions a manager reviews, derived from recorded data (SPEC §4 and the list). */
import { isIn, MADE } from '../../../shared/domain/visit-lifecycle';
import type { ComplianceRule } from '../../../shared/schemas/oversight';
import { addDays, localMinutes, localTime, timeToMinutes } from '../../../shared/time';
import type { ComplianceFact } from './compliance.repo';

export interface ComplianceException {
  rule: ComplianceRule;
  /** breach: the rule was broken; near: inside the rule but close to its limit. */
  severity: 'breach' | 'near';
  visitId: string;
  teamId: string;
  visitDate: string;
  /** The team's zone: evidence times are shown in it. */
  timeZone: string;
  evidence: Record<string, string | number | boolean | null>;
}

// A check-in beyond half the team's distance threshold is reported as a near-breach: GPS drift rarely
// explains that much, so a manager wants to see it before it becomes a breach.
const NEAR_DISTANCE_SHARE = 0.5;
// Arriving this close to the end of the slot leaves no time to talk inside it: reported as a near-breach.
const NEAR_SLOT_END_MS = 15 * 60_000;

/** The borrowers' visit dates grouped by borrower, so each visit's window reads its own borrower's few dates. */
export function datesByBorrower(
  dates: readonly { borrowerId: string; visitDate: string }[],
): ReadonlyMap<string, readonly string[]> {
  const by = new Map<string, string[]>();
  for (const d of dates) {
    const list = by.get(d.borrowerId);
    if (list) list.push(d.visitDate);
    else by.set(d.borrowerId, [d.visitDate]);
  }
  return by;
}

/**
 * Counts, for a visit, the borrower's non-cancelled visits in the rolling window ending on its date. Reads only
 * that borrower's dates: scanning every borrower's for each visit took 100 s for an admin's month (12,000
 * exceptions among 89,000 visits on the 90-day lender preset).
 */
export function visitsInWindow(
  byBorrower: ReadonlyMap<string, readonly string[]>,
  borrowerId: string,
  visitDate: string,
  windowDays: number,
): number {
  const from = addDays(visitDate, -(windowDays - 1));
  let n = 0;
  for (const d of byBorrower.get(borrowerId) ?? []) if (d >= from && d <= visitDate) n++;
  return n;
}

/** Every exception one visit shows; `windowCount` is the borrower's visit count in the rolling window. */
export function exceptionsOf(v: ComplianceFact, windowCount: number): ComplianceException[] {
  const out: ComplianceException[] = [];
  const add = (rule: ComplianceRule, severity: 'breach' | 'near', evidence: ComplianceException['evidence']) =>
    out.push({
      rule,
      severity,
      visitId: v.visitId,
      teamId: v.teamId,
      visitDate: v.visitDate,
      timeZone: v.timeZone,
      evidence,
    });
  if (v.status === 'cancelled') return out;
  if (v.checkInAt) {
    const t = v.checkInAt.getTime();
    const outside = t < v.slotStart.getTime() || t > v.slotEnd.getTime();
    if (outside || t > v.slotEnd.getTime() - NEAR_SLOT_END_MS) {
      add('outside_slot', outside ? 'breach' : 'near', {
        checkInAt: v.checkInAt.toISOString(),
        slotStart: v.slotStart.toISOString(),
        slotEnd: v.slotEnd.toISOString(),
      });
    }
    const m = localMinutes(v.checkInAt, v.timeZone);
    if (m < timeToMinutes(v.allowedStart) || m > timeToMinutes(v.allowedEnd)) {
      add('outside_hours', 'breach', {
        localTime: localTime(v.checkInAt, v.timeZone),
        allowedStart: v.allowedStart.slice(0, 5),
        allowedEnd: v.allowedEnd.slice(0, 5),
      });
    }
    const d = v.checkInDistanceM;
    if (d !== null && d > v.thresholdM * NEAR_DISTANCE_SHARE) {
      add('far_check_in', d > v.thresholdM ? 'breach' : 'near', { distanceM: Math.round(d), thresholdM: v.thresholdM });
    }
  }
  if (v.idShown === false) add('no_id_shown', 'breach', { idShown: false });
  if (v.recordings === 0) add('no_recording', 'breach', { recordings: 0 });
  if (v.twoPersonRule && isIn(MADE, v.status) && !v.secondAgentId) {
    add('one_person', 'breach', { twoPersonRule: true, secondAgent: null });
  }
  if (windowCount >= v.frequencyCap) {
    add('frequency_cap', windowCount > v.frequencyCap ? 'breach' : 'near', {
      visits: windowCount,
      cap: v.frequencyCap,
      windowDays: v.frequencyWindowDays,
    });
  }
  if (v.caseBorrowerId !== v.addressBorrowerId) add('not_borrowers_address', 'breach', { addressOfBorrower: false });
  if (v.lateEdits && v.lateEdits.length > 0) {
    add('edited_after_day', 'breach', { versions: v.lateEdits.join(', '), visitDate: v.visitDate });
  }
  return out;
}
