import type { Instance } from '../model/instance';
import type { BreakRule } from '../model/types';

/** Schedule details the exact pass can fill in for output. */
export interface ExactSchedule {
  arrival: Float64Array;
  start: Float64Array;
  breakAfter: number;
  breakStart: number;
  end: number;
}

const NO = Number.POSITIVE_INFINITY;

/** Earliest service start at or after `t` inside one of the job's windows, or +∞. */
function earliestStart(inst: Instance, j: number, t: number): number {
  if (!inst.multiWindow[j]) return t <= inst.twEnd[j]! ? Math.max(t, inst.twStart[j]!) : NO;
  for (const w of inst.windows[j]!) if (t <= w.end) return Math.max(t, w.start);
  return NO;
}

/** End of a break started as early as allowed after `depart`, or +∞ when its window has passed. */
function takeBreak(br: BreakRule, depart: number): number {
  const s = Math.max(depart, br.window.start);
  return s <= br.window.end ? s + br.duration : NO;
}

/**
 * Exact feasibility of a job sequence for vehicle v with several windows per job and a break.
 * Earliest times dominate, so a forward pass with two states (break taken / not yet) is exact:
 * the break is taken at a stop after service (or at the start place), waiting counts towards it.
 * Returns the earliest return time, or +∞ when infeasible; fills `out` when given.
 */
export function exactEnd(inst: Instance, v: number, jobs: Int32Array, len: number, out?: ExactSchedule): number {
  if (len === 0) return inst.shiftStart[v]!;
  const size = inst.size;
  const br = inst.breaks[v];
  let prevLoc = inst.vStart[v]!;
  // t0: departure without break; t1: departure with break already taken.
  let t0 = inst.shiftStart[v]!;
  let t1 = NO;
  let lastBreakPos = -1;
  let breakStartAt = NO;
  if (br) {
    t1 = takeBreak(br, t0);
    if (t1 < NO) {
      lastBreakPos = 0;
      breakStartAt = t1 - br.duration;
    }
  }
  for (let i = 0; i < len; i++) {
    const j = jobs[i]!;
    const loc = inst.jobLoc[j]!;
    const t = inst.dur[prevLoc * size + loc]!;
    const a0 = t0 + t;
    const s0 = earliestStart(inst, j, a0);
    const s1 = earliestStart(inst, j, t1 + t);
    if (out) {
      out.arrival[i] = a0;
      out.start[i] = s0;
    }
    t0 = s0 + inst.service[j]!;
    t1 = s1 + inst.service[j]!;
    if (br) {
      const viaBreak = takeBreak(br, t0);
      if (viaBreak < t1) {
        t1 = viaBreak;
        lastBreakPos = i + 1;
        breakStartAt = viaBreak - br.duration;
      }
    }
    prevLoc = loc;
    if (t0 === NO && t1 === NO) return NO;
  }
  const back = inst.dur[prevLoc * size + inst.vEnd[v]!]!;
  const end = (br ? t1 : t0) + back;
  if (end > inst.shiftEnd[v]! + 1e-9) return NO;
  if (out) {
    out.end = end;
    out.breakAfter = br ? lastBreakPos : -1;
    out.breakStart = br ? breakStartAt : NO;
  }
  return end;
}

/**
 * The exact pass in O(1) pieces (one break per route, several windows per job). Going forward, a
 * partial route is summed up by two earliest departure times: `x0` with the break still to take and
 * `x1` with it taken (+∞ when impossible). Going backward, the rest of a route is summed up by two
 * latest arrival times `l0`/`l1` (−∞ when impossible): feasibility only gets worse with later
 * times, so a forward state joins a backward one iff x0 + travel ≤ l0 or x1 + travel ≤ l1.
 * A vehicle without a break counts as having taken it: x0 = +∞, l0 = −∞.
 */
export interface ExactState {
  x0: number;
  x1: number;
}

/**
 * A scratch state whose fields start as doubles: a literal `{ x0: 0, … }` starts them as small integers, and the
 * first double stored turns the shape's fields to doubles, which deprecates the shape and throws away the optimised
 * code that saw the old one.
 */
export function exactState(): ExactState {
  return { x0: NO, x1: NO };
}

/** Latest arrival states (see exactBack), fields starting as doubles for the same reason. */
export function exactBackState(): { l0: number; l1: number } {
  return { l0: -NO, l1: -NO };
}

/** Departure states at the start place of vehicle v (the break may be taken there). */
export function exactBegin(inst: Instance, v: number, st: ExactState): void {
  const br = inst.breaks[v];
  const t = inst.shiftStart[v]!;
  st.x0 = br ? t : NO;
  st.x1 = br ? takeBreak(br, t) : t;
}

/** Departure states after travelling `travel` to job j and serving it (then maybe taking the break). */
export function exactStep(inst: Instance, v: number, j: number, travel: number, st: ExactState): void {
  const svc = inst.service[j]!;
  const x0 = earliestStart(inst, j, st.x0 + travel) + svc;
  const x1 = earliestStart(inst, j, st.x1 + travel) + svc;
  const br = inst.breaks[v];
  st.x0 = x0;
  st.x1 = br ? Math.min(x1, takeBreak(br, x0)) : x1;
}

/** Latest arrival at job j such that its service can start by `latestStart` (−∞ if no window allows it). */
function latestArrival(inst: Instance, j: number, latestStart: number): number {
  if (!inst.multiWindow[j]) return latestStart >= inst.twStart[j]! ? Math.min(inst.twEnd[j]!, latestStart) : -NO;
  let best = -NO;
  for (const w of inst.windows[j]!) if (w.start <= latestStart) best = Math.max(best, Math.min(w.end, latestStart));
  return best;
}

/** Latest arrivals at the end place: the break must have been taken by then. */
export function exactEndLatest(inst: Instance, v: number, out: { l0: number; l1: number }): void {
  out.l0 = -NO;
  out.l1 = inst.shiftEnd[v]!;
}

/** Latest arrivals at job j given those at the next stop, `travel` away (the break may go in between). */
export function exactBack(inst: Instance, v: number, j: number, travel: number, st: { l0: number; l1: number }): void {
  const br = inst.breaks[v];
  const svc = inst.service[j]!;
  const d1 = st.l1 - travel;
  let d0 = st.l0 - travel;
  if (br) {
    // Taking the break right after j: it must start inside its window and still reach the next stop in time.
    const latestBreak = Math.min(br.window.end, d1 - br.duration);
    if (br.window.start <= latestBreak) d0 = Math.max(d0, latestBreak);
  }
  st.l0 = latestArrival(inst, j, d0 - svc);
  st.l1 = latestArrival(inst, j, d1 - svc);
}
