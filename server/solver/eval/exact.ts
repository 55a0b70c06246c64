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
