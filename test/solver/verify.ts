import type { Problem, Solution } from '../../server/solver/model/types';

/**
 * Independent referee for the field model: re-simulates every route from the problem alone and
 * returns the list of broken rules (empty when the plan is valid).
 */
export function verifyPlan(problem: Problem, sol: Solution): string[] {
  const errors: string[] = [];
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  const seen = new Set<string>();
  const { size, durations } = problem.matrix;
  for (const route of sol.routes) {
    const v = problem.vehicles.find((x) => x.id === route.vehicleId);
    if (!v) {
      errors.push(`unknown vehicle ${route.vehicleId}`);
      continue;
    }
    if (v.maxVisits !== undefined && route.stops.length > v.maxVisits) errors.push(`${v.id}: too many visits`);
    let load = 0;
    let t = v.shift.start;
    let loc = v.startIndex;
    let breakDone = !v.break || route.stops.length === 0;
    const br = v.break;
    // The break is taken at the first gap (after a departure) where it fits before the next service.
    const tryBreak = (nextIndex: number) => {
      if (!br || breakDone || route.breakStart === undefined || route.breakStart < t - 1e-6) return;
      const next = route.stops[nextIndex];
      const nextJob = next ? jobs.get(next.jobId) : undefined;
      const travel = nextJob ? durations[loc * size + nextJob.locationIndex]! : 0;
      if (next && route.breakStart + br.duration + travel > next.serviceStart + 1e-6) return;
      if (route.breakStart < br.window.start - 1e-6 || route.breakStart > br.window.end + 1e-6)
        errors.push(`${v.id}: break outside its window`);
      t = route.breakStart + br.duration;
      breakDone = true;
    };
    tryBreak(0);
    route.stops.forEach((stop, i) => {
      const job = jobs.get(stop.jobId);
      if (!job) {
        errors.push(`unknown job ${stop.jobId}`);
        return;
      }
      if (seen.has(job.id)) errors.push(`${job.id} planned twice`);
      seen.add(job.id);
      const skills = new Set(v.skills ?? []);
      if (!(job.skills ?? []).every((k) => skills.has(k))) errors.push(`${job.id}: ${v.id} lacks a skill`);
      if (job.pin && job.pin.vehicleId !== v.id) errors.push(`${job.id}: pinned elsewhere`);
      load += job.demand ?? 0;
      const arrival = t + durations[loc * size + job.locationIndex]!;
      if (stop.serviceStart < arrival - 1e-6) errors.push(`${job.id}: starts before arriving`);
      if (!job.windows.some((w) => stop.serviceStart >= w.start - 1e-6 && stop.serviceStart <= w.end + 1e-6))
        errors.push(`${job.id}: starts outside its windows`);
      t = stop.serviceStart + job.service;
      loc = job.locationIndex;
      tryBreak(i + 1);
    });
    if (!breakDone) errors.push(`${v.id}: no break`);
    const end = t + durations[loc * size + v.endIndex]!;
    if (end > v.shift.end + 1e-6) errors.push(`${v.id}: back after the shift ends`);
    if (v.capacity !== undefined && load > v.capacity) errors.push(`${v.id}: over capacity`);
  }
  for (const u of sol.unassigned) {
    if (seen.has(u.jobId)) errors.push(`${u.jobId} both planned and unassigned`);
    seen.add(u.jobId);
  }
  for (const j of problem.jobs) if (!seen.has(j.id)) errors.push(`${j.id} missing from the answer`);
  return errors;
}
