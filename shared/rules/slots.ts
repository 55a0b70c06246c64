import { addDays, localDate, localMinutes, localTime, minutesToTime, timeToMinutes, zonedTimeToUtc } from '../time';
import { busiestWindow, type PolicyForRules, type Violation } from './placement';

/** Longest slot a dispatcher may record as agreed: a window longer than this is not an appointment. */
export const MAX_SLOT_MINUTES = 4 * 60;

/** What the rules need to know about a slot being agreed (SPEC §1 stage 2, §4). */
export interface SlotFacts {
  slotStart: Date;
  slotEnd: Date;
  agreedAt: Date;
  /** A first or appointment notice is logged on the case at or before `agreedAt`. */
  noticeLogged: boolean;
  addressIsBorrowers: boolean;
  /** Times of the borrower's other active visits (the visit being rescheduled left out). */
  borrowerVisitTimes: readonly Date[];
}

/**
 * Checks an agreed slot against the rules that do not depend on a crew: notice logged, the borrower's own
 * address, minimum notice, allowed visiting hours (in the team's zone) and the per-borrower frequency cap.
 * Pure; the server runs it when a slot is agreed, the borrower's slot page offers only slots that pass it.
 */
export function checkAgreedSlot(f: SlotFacts, policy: PolicyForRules): Violation[] {
  const tz = policy.timeZone;
  const out: Violation[] = [];
  if (!f.noticeLogged) out.push({ code: 'NO_NOTICE', params: {} });
  if (!f.addressIsBorrowers) out.push({ code: 'NOT_BORROWERS_ADDRESS', params: {} });
  const noticeMinutes = Math.floor((f.slotStart.getTime() - f.agreedAt.getTime()) / 60_000);
  if (noticeMinutes < policy.minNoticeMinutes) {
    out.push({ code: 'MIN_NOTICE', params: { minutes: policy.minNoticeMinutes, actual: Math.max(0, noticeMinutes) } });
  }
  const start = localMinutes(f.slotStart, tz);
  const sameDay = localDate(f.slotStart, tz) === localDate(new Date(f.slotEnd.getTime() - 1), tz);
  const end = start + (f.slotEnd.getTime() - f.slotStart.getTime()) / 60_000;
  if (!sameDay || start < timeToMinutes(policy.allowedStart) || end > timeToMinutes(policy.allowedEnd)) {
    out.push({
      code: 'OUTSIDE_ALLOWED_HOURS',
      params: {
        start: localTime(f.slotStart, tz),
        end: localTime(f.slotEnd, tz),
        allowedStart: policy.allowedStart.slice(0, 5),
        allowedEnd: policy.allowedEnd.slice(0, 5),
      },
    });
  }
  if (busiestWindow(f.borrowerVisitTimes, f.slotStart.getTime(), policy.frequencyWindowDays) > policy.frequencyCap) {
    out.push({ code: 'FREQUENCY_CAP', params: { cap: policy.frequencyCap, days: policy.frequencyWindowDays } });
  }
  return out;
}

/**
 * The slots of one local day that lie inside the allowed visiting hours: the policy's slot length, laid from the
 * start of the allowed hours (e.g. 08:00–10:00 … 20:00–22:00); a last slot that would overrun the end is left out.
 */
export function slotGrid(
  date: string,
  policy: Pick<PolicyForRules, 'timeZone' | 'allowedStart' | 'allowedEnd'> & { slotMinutes: number },
) {
  const step = policy.slotMinutes;
  const from = timeToMinutes(policy.allowedStart);
  const to = timeToMinutes(policy.allowedEnd);
  const out: { start: Date; end: Date }[] = [];
  for (let m = from; m + step <= to; m += step) {
    out.push({
      start: zonedTimeToUtc(date, minutesToTime(m), policy.timeZone),
      end: zonedTimeToUtc(date, minutesToTime(m + step), policy.timeZone),
    });
  }
  return out;
}

/** The local dates from `today` on, `days` of them. */
export function nextDates(today: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(today, i));
}
