/** A small cheapest-insertion router that gives seeded crews a feasible day: in-slot arrivals, travel, a free break. */
import { type LatLng, travelMinutes } from './shanghai';
import type { CrewDayPlan, VisitPlan } from './types';

const MIN = 60_000;
/** Arrive with at least this much of the slot left, so the borrower is not kept waiting to the last minute. */
const LATEST_BEFORE_SLOT_END = 30 * MIN;
/** Minutes of travel one more stop on a crew is worth, so work spreads evenly over the crews. */
const BALANCE_MINUTES = 20;

export interface Stop {
  visit: VisitPlan;
  arrival: number;
  position: number;
}

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/**
 * Times a crew's route in order, each stop at its earliest feasible arrival; null if any stop is infeasible.
 * Feasible means: arrival inside the slot with half an hour to spare, back at base before the shift ends (so
 * every visit also ends inside 08:00–22:00), and neither travel nor service touching the break block.
 */
function timeRoute(crew: CrewDayPlan, route: readonly VisitPlan[]): { arrivals: number[]; travel: number } | null {
  let at: LatLng = crew.base;
  let freeAt = crew.shiftStart;
  let travelTotal = 0;
  const arrivals: number[] = [];
  for (const visit of route) {
    const service = (visit.row.serviceMinutes ?? 45) * MIN;
    const travel = travelMinutes(at, visit.place) * MIN;
    let depart = freeAt;
    if (overlaps(depart, depart + travel, crew.breakStart, crew.breakEnd)) depart = Math.max(depart, crew.breakEnd);
    let arrival = Math.max(depart + travel, visit.slotStart);
    if (overlaps(arrival, arrival + service, crew.breakStart, crew.breakEnd))
      arrival = Math.max(arrival, crew.breakEnd);
    if (arrival > visit.slotEnd - LATEST_BEFORE_SLOT_END) return null;
    if (arrival + service + travelMinutes(visit.place, crew.base) * MIN > crew.shiftEnd) return null;
    arrivals.push(arrival);
    travelTotal += travel;
    at = visit.place;
    freeAt = arrival + service;
  }
  return { arrivals, travel: travelTotal + travelMinutes(at, crew.base) * MIN };
}

interface AssignOptions {
  /** Cap on stops for a crew (defaults to the lead's max visits per day). */
  capFor?: (crew: CrewDayPlan) => number;
}

/**
 * Routes one team-day's `visits` onto `crews`: highest priority first, each visit inserted where it adds the
 * least travel (plus a per-stop penalty for balance) without breaking any stop already placed.
 * Returns the timed stops per crew id; visits no crew can fit stay out.
 */
export function assignGreedy(
  crews: readonly CrewDayPlan[],
  visits: readonly VisitPlan[],
  opts: AssignOptions = {},
): Map<string, Stop[]> {
  const routes = new Map<string, { crew: CrewDayPlan; route: VisitPlan[]; travel: number }>(
    crews.map((crew) => [crew.id, { crew, route: [], travel: 0 }]),
  );
  const ordered = [...visits].sort(
    (a, b) =>
      (b.row.priority ?? 1) - (a.row.priority ?? 1) || a.slotStart - b.slotStart || a.row.id.localeCompare(b.row.id),
  );
  for (const visit of ordered) {
    let best: { crewId: string; route: VisitPlan[]; travel: number; score: number } | null = null;
    for (const [crewId, r] of routes) {
      const cap = opts.capFor ? opts.capFor(r.crew) : r.crew.lead.maxVisits;
      if (r.route.length >= cap) continue;
      if (!visit.row.requiredSkills?.every((skill) => r.crew.skills.has(skill))) continue;
      for (let pos = 0; pos <= r.route.length; pos++) {
        const candidate = [...r.route.slice(0, pos), visit, ...r.route.slice(pos)];
        const timed = timeRoute(r.crew, candidate);
        if (!timed) continue;
        const score = (timed.travel - r.travel) / MIN + BALANCE_MINUTES * r.route.length;
        if (!best || score < best.score) best = { crewId, route: candidate, travel: timed.travel, score };
      }
    }
    if (!best) continue;
    const r = routes.get(best.crewId);
    if (r) Object.assign(r, { route: best.route, travel: best.travel });
  }
  const out = new Map<string, Stop[]>();
  for (const [crewId, r] of routes) {
    const arrivals = timeRoute(r.crew, r.route)?.arrivals ?? [];
    out.set(
      crewId,
      r.route.map((visit, i) => ({ visit, arrival: arrivals[i] as number, position: i + 1 })),
    );
  }
  return out;
}
