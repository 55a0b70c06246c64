/**
 * The manager's KPIs from the counts the database made (dashboard.repo.ts; see docs/kpis.md for the
 * definitions in words): the ratios, the travel per visit, and the chart series picked out of the
 * grouped counts. Pure functions, so the arithmetic is tested without a database.
 */

import { decidedCount, type PromiseState } from '../../../shared/domain/promises';
import { STRAIGHT_LINE_MODEL } from '../../../shared/geo';
import type { VisitCounts } from './dashboard.repo';

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
  | 'planned'
  | 'made'
  | 'missed'
  | 'present'
  | 'promises'
  | 'promisedCents'
  | 'plans'
  | 'checkedIn'
  | 'onTime'
  | 'travelM'
  | 'travelMinutes'
> & { crewDays: number };

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

/** True when checked in inside the slot, false when outside, null when not checked in. */
export function isOnTime(v: { checkInAt: Date | null; slotStart: Date; slotEnd: Date }): boolean | null {
  if (!v.checkInAt) return null;
  const t = v.checkInAt.getTime();
  return t >= v.slotStart.getTime() && t <= v.slotEnd.getTime();
}

/** Every KPI from the scope's counts and the count of promises in each state due in the period. */
export function computeKpis(c: ScopeCounts, promises: Readonly<Record<PromiseState, number>>): Kpis {
  const decided = decidedCount(promises);
  // The legs' straight-line metres × the detour, as the board and the planner count a leg's km.
  const km = (c.travelM * STRAIGHT_LINE_MODEL.detourFactor) / 1000;
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
    kmPerVisit: round(ratio(km, c.made), 3),
    travelMinutesPerVisit: round(ratio(c.travelMinutes, c.made), 2),
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
  travelM: 0,
  travelMinutes: 0,
};

/** Grouping ids of dashboard.repo's grouping sets (day-counts.repo gives the same). */
export const WHOLE_SCOPE = 15;
const BY_DAY = 7;
const BY_OUTCOME = 11;
const BY_AGENT = 12;

/** A row of the grouped counts; the date is null in the rows not grouped by day. */
type CountsRow = Omit<VisitCounts, 'visitDate'> & { visitDate: string | null };

/** The dashboard's KPI counts and chart series, picked out of the grouped counts. */
export function splitCounts(rows: readonly CountsRow[]) {
  const of = (g: number) => rows.filter((r) => r.grouping === g);
  return {
    scope: of(WHOLE_SCOPE)[0] ?? NO_VISITS,
    // Days with at least one planned visit, in date order.
    trend: of(BY_DAY)
      .filter((r) => r.planned > 0)
      .map((r) => ({
        date: r.visitDate as string,
        planned: r.planned,
        made: r.made,
        missed: r.missed,
        promises: r.promises,
      }))
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
