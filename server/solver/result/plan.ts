import { type ExactSchedule, exactEnd } from '../eval/exact';
import type { Route } from '../eval/route';
import type { Instance } from '../model/instance';
import type { RoutePlan, Stop } from '../model/types';

function firstStart(inst: Instance, j: number, t: number): number {
  for (const w of inst.windows[j]!) if (t <= w.end + 1e-9) return Math.max(t, w.start);
  return t;
}

/** Turns a route into a timed plan: earliest service starts, the break where the exact pass put it. */
export function routePlan(inst: Instance, r: Route): RoutePlan {
  const v = r.v;
  const vehicle = inst.problem.vehicles[v]!;
  const len = r.len;
  const sched: ExactSchedule = {
    arrival: new Float64Array(len),
    start: new Float64Array(len),
    breakAfter: -1,
    breakStart: 0,
    end: 0,
  };
  if (len > 0) exactEnd(inst, v, r.nodes, len, sched);
  const br = inst.breaks[v];
  const stops: Stop[] = [];
  let t = inst.shiftStart[v]!;
  let loc = inst.vStart[v]!;
  let distance = 0;
  let travel = 0;
  let breakStart: number | undefined;
  const maybeBreak = (after: number) => {
    if (!br || sched.breakAfter !== after || len === 0) return;
    breakStart = Math.max(t, br.window.start);
    t = breakStart + br.duration;
  };
  maybeBreak(0);
  for (let i = 0; i < len; i++) {
    const j = r.nodes[i]!;
    const next = inst.jobLoc[j]!;
    const d = inst.dur[loc * inst.size + next]!;
    distance += inst.dist[loc * inst.size + next]!;
    travel += d;
    const arrival = t + d;
    const serviceStart = firstStart(inst, j, arrival);
    t = serviceStart + inst.service[j]!;
    stops.push({ jobId: inst.problem.jobs[j]!.id, arrival, serviceStart, departure: t });
    loc = next;
    maybeBreak(i + 1);
  }
  if (len > 0) {
    const e = inst.vEnd[v]!;
    travel += inst.dur[loc * inst.size + e]!;
    distance += inst.dist[loc * inst.size + e]!;
    t += inst.dur[loc * inst.size + e]!;
  }
  const start = inst.shiftStart[v]!;
  return {
    vehicleId: vehicle.id,
    stops,
    breakStart,
    start,
    end: len > 0 ? t : start,
    duration: len > 0 ? t - start : 0,
    distance,
    travelDuration: travel,
  };
}
