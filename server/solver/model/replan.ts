import type { Problem, Vehicle } from './types';

/** Where a crew is now, for mid-day re-planning. */
export interface CrewNow {
  vehicleId: string;
  /** Matrix row of the crew's current position (or of the visit it is finishing). */
  locationIndex: number;
  /** When the crew is free to travel on (now, or when its in-progress visit ends). */
  availableAt: number;
  breakTaken?: boolean;
}

/** The state of the day when re-planning. */
export interface DayState {
  crews: CrewNow[];
  /** Visits done or in progress: they are fixed and leave the problem. */
  fixedJobIds: string[];
}

/**
 * Rewrites a problem for re-planning mid-day: each crew starts where it is, when it is free;
 * finished and in-progress visits drop out; pins on the remaining visits stay as they are.
 */
export function prepareReplan(problem: Problem, day: DayState): Problem {
  const fixed = new Set(day.fixedJobIds);
  const now = new Map(day.crews.map((c) => [c.vehicleId, c]));
  const vehicles: Vehicle[] = problem.vehicles.map((v) => {
    const c = now.get(v.id);
    if (!c) return v;
    const start = Math.max(v.shift.start, c.availableAt);
    const out: Vehicle = { ...v, startIndex: c.locationIndex, shift: { start, end: v.shift.end } };
    if (c.breakTaken || (v.break && v.break.window.end < start)) delete out.break;
    return out;
  });
  return { ...problem, vehicles, jobs: problem.jobs.filter((j) => !fixed.has(j.id)) };
}
