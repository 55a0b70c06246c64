/** Agreed appointments (with their appointment notices) and the visits they create. */

import { serviceMinutesFor } from '../../../shared/domain/visit-facts';
import { addDays, daysBetween } from '../../../shared/time';
import { apportion } from './apportion';
import { atLocal } from './clock';
import { crewDays, lateCrews } from './staff';
import type { CasePlan, DemoData, GenContext, TeamPlan, VisitPlan } from './types';

/** Two-hour slot starts inside China's 08:00–22:00 window, mostly daytime. */
const SLOT_HOURS = [8, 10, 12, 14, 16, 18, 20] as const;
const SLOT_WEIGHTS = [8, 22, 12, 22, 18, 12, 6] as const;
/** Busier early in the week ahead, the way agreed slots pile up. */
const FUTURE_DAY_WEIGHTS = [1.15, 1.1, 1.0, 1.0, 0.95, 0.9, 0.9] as const;

/** Share of cases with an agreed visit in the coming 7 days, and with a visit on the past days. */
const FUTURE_SHARE = 0.63;
const PAST_SHARE = 0.1;
/** Days between two visits of one case: the borrower's cap is two visits in any seven days; the seed keeps one. */
const REVISIT_GAP_DAYS = 7;

const NOTES = [
  '借款人要求上门前电话联系',
  '小区门禁，需提前联系物业',
  '借款人白天上班，仅晚间在家',
  '老人同住，注意沟通方式',
];

interface SchedulePlan {
  /** Visits by team index and date. */
  byTeamDay: Map<string, VisitPlan[]>;
}

export const teamDayKey = (teamIndex: number, date: string) => `${teamIndex}|${date}`;

/**
 * Picks cases per team and day and creates one agreed appointment and one visit for each. A case gets at
 * most one visit in the coming week, and in the past days visits at least a week apart (a long history goes
 * round the team's book again), so no borrower can exceed the 2-per-7-days cap.
 */
export function generateSchedule(
  ctx: GenContext,
  out: DemoData,
  teams: readonly TeamPlan[],
  cases: readonly CasePlan[],
): SchedulePlan {
  const { rng, today } = ctx;
  const byTeamDay = new Map<string, VisitPlan[]>();
  const futureDays = FUTURE_DAY_WEIGHTS.map((_, i) => addDays(today, i));
  const from = crewDays(ctx).from;
  const pastDays = Array.from({ length: -from }, (_, i) => addDays(today, from + i));

  for (const team of teams) {
    const teamCases = rng.shuffle(cases.filter((c) => c.teamIndex === team.index));
    const share = teamCases.length / Math.max(1, cases.length);
    // The demo books a share of its cases; a lender a number of visits a day (a small share of a big book).
    const futureTotal = ctx.lender ? ctx.lender.visitsPerDay * futureDays.length : cases.length * FUTURE_SHARE;
    const pastTotal = ctx.lender ? ctx.lender.visitsPerDay * pastDays.length : cases.length * PAST_SHARE;
    const futureCounts = apportion(Math.round(futureTotal * share), FUTURE_DAY_WEIGHTS);
    const pastCounts = apportion(
      Math.round(pastTotal * share),
      pastDays.map(() => 1),
    );
    let next = 0;
    const seen = new Map<string, string[]>();
    const take = (date: string, count: number, past: boolean) => {
      const list: VisitPlan[] = [];
      const free = ctx.lender ? fullerSlots(team.crewCount, count) : slotCapacity(team.crewCount);
      for (let k = 0; k < count; k++) {
        const open = SLOT_HOURS.filter((_, i) => (free[i] ?? 0) > 0);
        if (open.length === 0) break;
        const c = past ? nextPast(date) : next < teamCases.length ? teamCases[next++] : undefined;
        if (!c) break;
        const hour = rng.weighted(
          open,
          open.map((h) => SLOT_WEIGHTS[SLOT_HOURS.indexOf(h)] ?? 0),
        );
        free[SLOT_HOURS.indexOf(hour)] = (free[SLOT_HOURS.indexOf(hour)] ?? 0) - 1;
        const dates = seen.get(c.id);
        if (dates) dates.push(date);
        else seen.set(c.id, [date]);
        list.push(makeVisit(ctx, out, team, c, date, hour));
      }
      byTeamDay.set(teamDayKey(team.index, date), list);
    };
    // Past visits continue after the week's cases; a lender's long history wraps round the book, passing over a
    // case visited within a week of `date` (the demo's history stops at the end of the book, as it always did).
    const wraps = ctx.lender?.historyDays !== undefined;
    const nextPast = (date: string): CasePlan | undefined => {
      for (let tries = 0; tries < teamCases.length && (wraps || next < teamCases.length); tries++) {
        const c = teamCases[next++ % teamCases.length] as CasePlan;
        const dates = seen.get(c.id);
        if (!dates?.some((d) => Math.abs(daysBetween(d, date)) < REVISIT_GAP_DAYS)) return c;
      }
      return undefined;
    };
    for (const [i, date] of futureDays.entries()) take(date, futureCounts[i] ?? 0, false);
    for (const [i, date] of pastDays.entries()) take(date, pastCounts[i] ?? 0, true);
  }
  return { byTeamDay };
}

/**
 * How many visits each slot of a team-day may take, the way a dispatcher only offers slots with free
 * capacity: about 1.5 per crew on shift through the slot, fewer where a shift starts or ends inside it
 * (08:30 start, 18:30 end of the day shift, 21:30 end of the late shift, all with the drive home).
 */
function slotCapacity(crewCount: number): number[] {
  const late = lateCrews(crewCount);
  const day = crewCount - late;
  const perCrew: Record<number, [number, number]> = {
    8: [1, 0],
    10: [1.5, 0],
    12: [1.5, 1],
    14: [1.5, 1.5],
    16: [0.5, 1.5],
    18: [0, 1.5],
    20: [0, 1],
  };
  return SLOT_HOURS.map((h) => {
    const [d, l] = perCrew[h] ?? [0, 0];
    return Math.round(d * day + l * late);
  });
}

/**
 * A lender's crews take more visits than the demo's: the same shape of the day, scaled so that the slots
 * offer a tenth more room than the day's bookings (the last few still have a choice of slot).
 */
function fullerSlots(crewCount: number, count: number): number[] {
  const base = slotCapacity(crewCount);
  const factor = Math.max(
    1,
    (count * 1.1) /
      Math.max(
        1,
        base.reduce((s, x) => s + x, 0),
      ),
  );
  return base.map((x) => Math.ceil(x * factor));
}

function makeVisit(ctx: GenContext, out: DemoData, team: TeamPlan, c: CasePlan, date: string, hour: number): VisitPlan {
  const { rng, ids, today, timeZone } = ctx;
  const slotStart = atLocal(date, `${String(hour).padStart(2, '0')}:00`, timeZone);
  const slotEnd = atLocal(date, `${String(hour + 2).padStart(2, '0')}:00`, timeZone);

  // Agreed on an earlier day during office hours, never later than yesterday: always ≥ 12 h before the slot.
  const latest = date < today ? addDays(date, -1) : addDays(today, -1);
  const agreedDate = addDays(latest, -rng.int(0, 4));
  const agreedAt = atLocal(agreedDate, `${rng.int(9, 19)}:${String(rng.int(0, 59)).padStart(2, '0')}`, timeZone);
  const agreedVia = rng.weighted(['phone', 'app', 'sms'] as const, [75, 15, 10]);

  const useWork = c.workAddressId !== null && hour < 18 && rng.chance(0.15);
  const addressId = useWork ? (c.workAddressId as string) : c.homeAddressId;
  const place = c.addresses.get(addressId);
  if (!place) throw new Error('address of the case not found');

  const noticeChannel = rng.chance(0.5) ? ('sms' as const) : ('phone' as const);
  out.contactAttempts.push({
    id: ids.uuid(),
    caseId: c.id,
    stage: 'appointment_notice',
    channel: noticeChannel,
    attemptedAt: new Date(agreedAt.getTime() - rng.int(20, 1500) * 60_000),
    result: `已告知上门安排，约定 ${date} ${String(hour).padStart(2, '0')}:00–${hour + 2}:00`,
    actorUserId: team.dispatcherUserId,
  });

  const appointment = {
    id: ids.uuid(),
    caseId: c.id,
    addressId,
    slotStart,
    slotEnd,
    agreedAt,
    agreedVia,
    borrowerConfirmed: true,
    status: 'agreed' as const,
    notes: rng.chance(0.12) ? rng.pick(NOTES) : null,
    createdBy: team.dispatcherUserId,
    createdAt: agreedAt,
  };
  out.appointments.push(appointment);

  const verification = rng.chance(0.25);
  const requiredSkills = verification ? ['verification'] : [];
  if (c.preferredLanguage === 'en') requiredSkills.push('lang:en');
  const row = {
    id: ids.uuid(),
    appointmentId: appointment.id,
    teamId: team.id,
    visitDate: date,
    slotStart,
    slotEnd,
    caseId: c.id,
    addressId,
    visitType: verification ? ('verification' as const) : ('negotiation' as const),
    status: 'unassigned' as const,
    serviceMinutes: serviceMinutesFor(verification ? 'verification' : 'negotiation'),
    priority: c.priority,
    requiredSkills,
    pinned: false,
    version: 1,
  };
  out.visits.push(row);
  return { row, appointment, casePlan: c, place, slotStart: slotStart.getTime(), slotEnd: slotEnd.getTime() };
}
