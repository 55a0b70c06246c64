/**
 * The manager's KPIs, computed from one row per visit (see docs/kpis.md for the definitions in words).
 * Pure functions: the repository fetches the facts, these count them, so the same code serves the
 * dashboard, the drill-down table and the exports.
 */

import { decidedCount, type PromiseState } from '../../../shared/domain/promises';
import { haversineM, STRAIGHT_LINE_MODEL, travelMinutes } from '../../../shared/geo';
import type { Drill } from '../../../shared/schemas/oversight';
import type { VisitFact } from './reports.repo';

/** Outcomes that count as a promise to pay: a dated promise or an agreed repayment plan. */
const PROMISE_CODES: ReadonlySet<string> = new Set(['promise_to_pay', 'repayment_plan_agreed']);

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
  /** Checked-in visits whose check-in lies inside the agreed slot ÷ checked-in visits. */
  onTimeRate: number | null;
  /** Straight-line × detour km between consecutive checked-in stops of each crew-day ÷ made visits. */
  kmPerVisit: number | null;
  /** Travel minutes for the same legs at the planner's average speed ÷ made visits. */
  travelMinutesPerVisit: number | null;
  /** Made visits ÷ crew-days that had at least one visit assigned. */
  visitsPerCrewDay: number | null;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

/** Whether a visit belongs to the visits behind one dashboard number. */
export function matchesDrill(v: VisitFact, drill: Drill): boolean {
  switch (drill) {
    case 'planned':
      return v.status !== 'cancelled';
    case 'made':
      return v.status === 'completed';
    case 'missed':
      return v.status === 'missed';
    case 'present':
      return v.status === 'completed' && v.borrowerPresent === true;
    case 'promise':
      return v.status === 'completed' && PROMISE_CODES.has(v.outcomeCode ?? '');
    case 'plan':
      return v.status === 'completed' && v.hasPlan;
    case 'onTime':
      return isOnTime(v) === true;
    case 'late':
      return isOnTime(v) === false;
  }
}

/** True when checked in inside the slot, false when outside, null when not checked in. */
export function isOnTime(v: Pick<VisitFact, 'checkInAt' | 'slotStart' | 'slotEnd'>): boolean | null {
  if (!v.checkInAt) return null;
  const t = v.checkInAt.getTime();
  return t >= v.slotStart.getTime() && t <= v.slotEnd.getTime();
}

/** Kilometres and minutes travelled between consecutive checked-in stops of each crew-day. */
export function travelTotals(rows: readonly VisitFact[]): { km: number; minutes: number } {
  const byCrewDay = new Map<string, VisitFact[]>();
  for (const v of rows) {
    if (v.status !== 'completed' || !v.checkInAt || !v.crewId) continue;
    const key = `${v.crewId}|${v.visitDate}`;
    const list = byCrewDay.get(key) ?? [];
    list.push(v);
    byCrewDay.set(key, list);
  }
  let metres = 0;
  let minutes = 0;
  for (const stops of byCrewDay.values()) {
    stops.sort((a, b) => (a.checkInAt?.getTime() ?? 0) - (b.checkInAt?.getTime() ?? 0));
    for (let i = 1; i < stops.length; i++) {
      const from = stops[i - 1] as VisitFact;
      const to = stops[i] as VisitFact;
      metres += haversineM(from, to);
      // A leg's minutes exactly as the board shows them (shared/geo travelMinutes), so the two never disagree.
      minutes += travelMinutes(from, to);
    }
  }
  return { km: (metres * STRAIGHT_LINE_MODEL.detourFactor) / 1000, minutes };
}

/** Every KPI for a set of visits and the count of promises in each state due in the same period. */
export function computeKpis(rows: readonly VisitFact[], promises: Readonly<Record<PromiseState, number>>): Kpis {
  let planned = 0;
  let made = 0;
  let missed = 0;
  let present = 0;
  let promise = 0;
  let promisedCents = 0;
  let plans = 0;
  let checkedIn = 0;
  let onTime = 0;
  const crewDays = new Set<string>();
  for (const v of rows) {
    if (v.status === 'cancelled') continue;
    planned++;
    if (v.crewId) crewDays.add(`${v.crewId}|${v.visitDate}`);
    if (v.status === 'missed') missed++;
    if (v.status === 'completed') {
      made++;
      if (v.borrowerPresent) present++;
      if (PROMISE_CODES.has(v.outcomeCode ?? '')) promise++;
      promisedCents += v.promisedAmountCents ?? 0;
      if (v.hasPlan) plans++;
    }
    const ot = isOnTime(v);
    if (ot !== null) {
      checkedIn++;
      if (ot) onTime++;
    }
  }
  const kept = promises.kept;
  const decided = decidedCount(promises);
  const travel = travelTotals(rows);
  return {
    planned,
    made,
    missed,
    contactRate: ratio(present, made),
    promiseRate: ratio(promise, made),
    promisedCents,
    keptPromiseRate: ratio(kept, decided),
    promisesDecided: decided,
    promisesKept: kept,
    plansAgreed: plans,
    onTimeRate: ratio(onTime, checkedIn),
    kmPerVisit: round(ratio(travel.km, made), 3),
    travelMinutesPerVisit: round(ratio(travel.minutes, made), 2),
    visitsPerCrewDay: round(ratio(made, crewDays.size), 3),
  };
}

/** Per-day planned/made/missed and promise counts for the trend chart. */
export function trendByDay(rows: readonly VisitFact[]) {
  const days = new Map<string, { date: string; planned: number; made: number; missed: number; promises: number }>();
  for (const v of rows) {
    if (v.status === 'cancelled') continue;
    const d = days.get(v.visitDate) ?? { date: v.visitDate, planned: 0, made: 0, missed: 0, promises: 0 };
    d.planned++;
    if (v.status === 'completed') d.made++;
    if (v.status === 'missed') d.missed++;
    if (matchesDrill(v, 'promise')) d.promises++;
    days.set(v.visitDate, d);
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** How many made visits ended with each outcome code (latest version). */
export function breakdownByOutcome(rows: readonly VisitFact[]) {
  const counts = new Map<string, number>();
  for (const v of rows) {
    if (v.status !== 'completed' || !v.outcomeCode) continue;
    counts.set(v.outcomeCode, (counts.get(v.outcomeCode) ?? 0) + 1);
  }
  return [...counts.entries()].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count);
}

/** Per lead agent: made visits, contact and promise counts, for the comparison chart. */
export function comparisonByAgent(rows: readonly VisitFact[]) {
  const agents = new Map<string, { agentId: string; name: string; made: number; present: number; promises: number }>();
  for (const v of rows) {
    if (v.status !== 'completed' || !v.agentId) continue;
    const a = agents.get(v.agentId) ?? {
      agentId: v.agentId,
      name: v.agentName ?? '',
      made: 0,
      present: 0,
      promises: 0,
    };
    a.made++;
    if (v.borrowerPresent) a.present++;
    if (matchesDrill(v, 'promise')) a.promises++;
    agents.set(v.agentId, a);
  }
  return [...agents.values()].sort((a, b) => b.made - a.made || a.name.localeCompare(b.name));
}
