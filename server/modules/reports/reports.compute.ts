/**
 * The manager's KPIs from the counts the database made (dashboard.repo.ts; see docs/kpis.md for the
 * definitions in words): the ratios, the travel between check-ins, and the chart series picked out of the
 * grouped counts. Pure functions, so the arithmetic is tested without a database.
 */

import { decidedCount, type PromiseState } from '../../../shared/domain/promises';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';
import type { CheckIn, VisitCounts } from './dashboard.repo';

export interface Kpis {
  /** Visits scheduled in the period, whatever their state, except cancelled ones. */
  planned: number;
  /** Visits completed (an outcome was recorded on site). */
  made: number;
  /** Visits the crew did not make (status missed). */
  missed: number;
  /** Made visits whose latest outcome says the borrower was present ÷ made visits. */
  contactRate: number | null;
  /** Made visits whose latest outcome is promise_to_pay or repayment_plan_agreed ÷ made visits. */
  promiseRate: number | null;
  /** Sum of the promised amounts of the latest outcomes of made visits, in cents. */
  promisedCents: number;
  /**
   * Promises (one-off and instalments) due in the period that were kept ÷ those whose outcome is known: kept,
   * paid late or broken (shared/domain/promises.ts; the states come from promise-state.sql.ts).
   */
  keptPromiseRate: number | null;
  promisesDecided: number;
  promisesKept: number;
  /** Made visits whose latest outcome created a repayment plan. */
  plansAgreed: number;
  /** Checked-in planned visits whose check-in lies inside the agreed slot ÷ checked-in planned visits. */
  onTimeRate: number | null;
  /** Straight-line × detour km between consecutive checked-in stops of each crew-day ÷ made visits. */
  kmPerVisit: number | null;
  /** Travel minutes for the same legs at the planner's average speed ÷ made visits. */
  travelMinutesPerVisit: number | null;
  /** Made visits ÷ crew-days that had at least one visit assigned. */
  visitsPerCrewDay: number | null;
}

/** The counts of the whole scope, as dashboard.repo's grouping sets give them. */
export type ScopeCounts = Pick<
  VisitCounts,
  'planned' | 'made' | 'missed' | 'present' | 'promises' | 'promisedCents' | 'plans' | 'checkedIn' | 'onTime'
> & { crewDays: number };

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

/** True when checked in inside the slot, false when outside, null when not checked in. */
export function isOnTime(v: { checkInAt: Date | null; slotStart: Date; slotEnd: Date }): boolean | null {
  if (!v.checkInAt) return null;
  const t = v.checkInAt.getTime();
  return t >= v.slotStart.getTime() && t <= v.slotEnd.getTime();
}

/**
 * Kilometres and minutes travelled between consecutive check-ins of each crew-day; `stops` come ordered by
 * crew, day and check-in time (findCheckIns), so each leg is a stop and the one before it of the same crew-day.
 */
export function travelTotals(stops: readonly CheckIn[]): { km: number; minutes: number } {
  let metres = 0;
  let minutes = 0;
  for (let i = 1; i < stops.length; i++) {
    const from = stops[i - 1] as CheckIn;
    const to = stops[i] as CheckIn;
    if (from.crewId !== to.crewId || from.visitDate !== to.visitDate) continue;
    metres += haversineM(from, to);
    // A leg's minutes exactly as the board shows them (shared/geo travelMinutes), so the two never disagree.
    minutes += travelMinutes(from, to);
  }
  return { km: (metres * STRAIGHT_LINE_MODEL.detourFactor) / 1000, minutes };
}

/** Every KPI from the scope's counts, its check-ins and the count of promises in each state due in the period. */
export function computeKpis(
  c: ScopeCounts,
  stops: readonly CheckIn[],
  promises: Readonly<Record<PromiseState, number>>,
): Kpis {
  const decided = decidedCount(promises);
  const travel = travelTotals(stops);
  return {
    planned: c.planned,
    made: c.made,
    missed: c.missed,
    contactRate: ratio(c.present, c.made),
    promiseRate: ratio(c.promises, c.made),
    promisedCents: c.promisedCents,
    keptPromiseRate: ratio(promises.kept, decided),
    promisesDecided: decided,
    promisesKept: promises.kept,
    plansAgreed: c.plans,
    onTimeRate: ratio(c.onTime, c.checkedIn),
    kmPerVisit: round(ratio(travel.km, c.made), 3),
    travelMinutesPerVisit: round(ratio(travel.minutes, c.made), 2),
    visitsPerCrewDay: round(ratio(c.made, c.crewDays), 3),
  };
}

const NO_VISITS: Omit<ScopeCounts, 'crewDays'> = {
  planned: 0,
  made: 0,
  missed: 0,
  present: 0,
  promises: 0,
  promisedCents: 0,
  plans: 0,
  checkedIn: 0,
  onTime: 0,
};

/** Grouping ids of dashboard.repo's grouping sets. */
const WHOLE = 15;
const BY_DAY = 7;
const BY_OUTCOME = 11;
const BY_AGENT = 12;

/** The dashboard's KPI counts and chart series, picked out of the grouped counts. */
export function splitCounts(rows: readonly VisitCounts[]) {
  const of = (g: number) => rows.filter((r) => r.grouping === g);
  return {
    scope: of(WHOLE)[0] ?? NO_VISITS,
    // Days with at least one planned visit, in date order.
    trend: of(BY_DAY)
      .filter((r) => r.planned > 0)
      .map((r) => ({ date: r.visitDate, planned: r.planned, made: r.made, missed: r.missed, promises: r.promises }))
      .sort((a, b) => (a.date < b.date ? -1 : 1)),
    // Made visits by their latest outcome's code, most frequent first.
    byOutcome: of(BY_OUTCOME)
      .filter((r) => r.outcomeCode !== null && r.made > 0)
      .map((r) => ({ code: r.outcomeCode as string, count: r.made }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    // Per lead agent: made visits, contacts and promises, most visits first.
    byAgent: of(BY_AGENT)
      .filter((r) => r.agentId !== null && r.made > 0)
      .map((r) => ({
        agentId: r.agentId as string,
        name: r.agentName ?? '',
        made: r.made,
        present: r.present,
        promises: r.promises,
      }))
      .sort((a, b) => b.made - a.made || a.name.localeCompare(b.name)),
  };
}
