import { dayAsItStands } from './planning.day-state';
import type { PlanReasonCode } from './planning.reasons';
import type { PlanVisit } from './planning.repo';
import type { PlanRun } from './planning.runs';

/**
 * What applying a plan does to each visit, worked out once: the preview lists it and the apply writes exactly
 * it, so no visit changes without the dispatcher having been told (and no visit leaves a crew without a reason).
 */

/** A stop of an applied crew's new route; `moved` when its crew, arrival or status changes. */
interface Placement {
  visit: PlanVisit;
  crewId: string;
  arrival: Date;
  moved: boolean;
}

/** A visit a plan takes off its crew, back to the tray, and why. */
interface Unassignment {
  visit: PlanVisit;
  code: PlanReasonCode;
}

export interface PlanChanges {
  placements: Placement[];
  unassignments: Unassignment[];
  /** Never set out for and the slot is over: marked missed by the missed-slot rule, kept where they are. */
  missed: PlanVisit[];
  /** Under way, done or past: kept exactly where they are. */
  kept: PlanVisit[];
  /** Why each visit the plan does not place is not placed. */
  reasons: Map<string, PlanReasonCode>;
}

/** The solver's arrival times as instants, per crew (service start: a crew that is early waits). */
export function plannedStops(run: PlanRun): Map<string, Array<{ visitId: string; arrival: Date }>> {
  const out = new Map<string, Array<{ visitId: string; arrival: Date }>>();
  for (const r of run.solution?.routes ?? []) {
    out.set(
      r.vehicleId,
      r.stops.map((s) => ({ visitId: s.jobId, arrival: new Date(run.baseMs + s.serviceStart * 1000) })),
    );
  }
  return out;
}

/** What applying the run to `crewIds` (every crew when absent) changes, visit by visit. */
export function planChanges(run: PlanRun, crewIds?: readonly string[]): PlanChanges {
  const selected = new Set(crewIds ?? run.crews.map((c) => c.id));
  const day = dayAsItStands(run.visits, run.crews, new Date(run.nowMs));
  const byId = new Map(run.visits.map((v) => [v.id, v]));
  const reasons = new Map<string, PlanReasonCode>([
    ...(run.solution?.unassigned ?? []).map((u) => [u.jobId, u.code] as const),
    ...run.excludedVisits.map((e) => [e.visitId, e.code] as const),
  ]);
  const placedOn = new Map<string, string>();
  const placements: Placement[] = [];
  for (const [crewId, stops] of plannedStops(run)) {
    for (const s of stops) {
      placedOn.set(s.visitId, crewId);
      const visit = byId.get(s.visitId);
      if (!visit || !selected.has(crewId)) continue;
      const moved =
        visit.crewId !== crewId ||
        visit.plannedArrival?.getTime() !== s.arrival.getTime() ||
        visit.status !== 'assigned';
      placements.push({ visit, crewId, arrival: s.arrival, moved });
    }
  }
  const gained = new Set(placements.map((p) => p.visit.id));
  const unassignments = run.visits
    // A pinned visit stays where the dispatcher put it even if the solver could not keep it.
    .filter((v) => v.crewId && selected.has(v.crewId) && !day.frozen.has(v.id) && !v.pinned && !gained.has(v.id))
    .map((visit) => ({
      visit,
      // Every visit the solver was given is routed or comes back with a code; what is left was routed to a crew
      // outside the selection.
      code: reasons.get(visit.id) ?? (placedOn.has(visit.id) ? 'PLANNED_ON_UNSELECTED_CREW' : 'NO_FEASIBLE_POSITION'),
    }));
  const missed = run.visits.filter(
    (v) => day.slotPassed.has(v.id) && (v.crewId ? selected.has(v.crewId) : crewIds === undefined),
  );
  const kept = run.visits.filter((v) => day.frozen.has(v.id));
  return { placements, unassignments, missed, kept, reasons };
}
