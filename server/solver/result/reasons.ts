import type { RouteBuilder } from '../eval/builder';
import type { Instance } from '../model/instance';
import type { Unassigned, UnassignedCode } from '../model/types';
import type { SolutionState } from '../search/solution';

/**
 * Explains, from the most basic cause down, why job j is not in the plan: a code only; the words for it are in
 * shared/messages/plan-reasons.ts, in the reader's language.
 */
export function explainUnassigned(inst: Instance, s: SolutionState, b: RouteBuilder, j: number): Unassigned {
  const job = inst.problem.jobs[j]!;
  const code = reasonCode(inst, s, b, j);
  return { jobId: job.id, code };
}

function reasonCode(inst: Instance, s: SolutionState, b: RouteBuilder, j: number): UnassignedCode {
  const { m, n } = inst;
  if (inst.pinVehicle[j] === -2) return 'PINNED_CREW_UNKNOWN';
  const job = inst.problem.jobs[j]!;
  const skilled: number[] = [];
  for (let v = 0; v < m; v++) {
    const skills = new Set(inst.problem.vehicles[v]!.skills ?? []);
    const pinOk = inst.pinVehicle[j]! < 0 || inst.pinVehicle[j] === v;
    if (pinOk && (job.skills ?? []).every((k) => skills.has(k))) skilled.push(v);
  }
  if (skilled.length === 0) return 'NO_CREW_WITH_SKILL';
  const inShift = skilled.filter((v) =>
    inst.windows[j]!.some((w) => w.end >= inst.shiftStart[v]! && w.start <= inst.shiftEnd[v]!),
  );
  if (inShift.length === 0) return 'SLOT_OUTSIDE_EVERY_SHIFT';
  const fits = inShift.filter((v) => inst.demand[j]! <= inst.capacity[v]!);
  if (fits.length === 0) return 'EXCEEDS_CAPACITY';
  const alone = fits.filter((v) => b.begin(v).job(j).end() < Number.POSITIVE_INFINITY);
  if (alone.length === 0 || alone.every((v) => !inst.allowed[v * n + j])) return 'UNREACHABLE_IN_TIME';
  if (alone.every((v) => s.routes[v]!.len >= inst.maxVisits[v]!)) return 'MAX_VISITS_REACHED';
  return 'NO_FEASIBLE_POSITION';
}
