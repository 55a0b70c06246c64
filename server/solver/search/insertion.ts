import type { RouteBuilder } from '../eval/builder';
import type { Route } from '../eval/route';
import { concat, Seg, TW_EPS } from '../eval/segment';
import type { Rng } from './rng';
import type { SolutionState } from './solution';

/** Result of a best-insertion scan; `route` is −1 when no feasible position exists. */
export interface InsertionChoice {
  route: number;
  pos: number;
  delta: number;
}

/** Cost delta of inserting job j at position p of route r (+∞ if infeasible or not below `bound`). */
export function insertionDelta(b: RouteBuilder, r: Route, p: number, j: number, bound: number): number {
  const c = b
    .begin(r.v)
    .prefix(r, p - 1)
    .job(j)
    .suffix(r, p, bound + r.cost);
  return c - r.cost;
}

/**
 * Best position of job j over routes (one empty route per vehicle class). With `rng` and a blink
 * rate, each position is skipped with that probability (SISR's "blinks"), which diversifies the recreate.
 */
export function bestInsertion(
  s: SolutionState,
  b: RouteBuilder,
  j: number,
  out: InsertionChoice,
  rng?: Rng,
  blinkRate = 0,
  routes?: ArrayLike<number>,
  openNew = true,
): InsertionChoice {
  const inst = s.inst;
  const { dur, size, jobLoc, twEnd, twStart, service, n, allowed } = inst;
  out.route = -1;
  out.pos = 0;
  out.delta = Number.POSITIVE_INFINITY;
  const loc = jobLoc[j]!;
  const late = twEnd[j]!;
  let seenEmpty = 0;
  const count = routes ? routes.length : s.routes.length;
  for (let k = 0; k < count; k++) {
    const r = s.routes[routes ? routes[k]! : k]!;
    if (!allowed[r.v * n + j] || r.len >= inst.maxVisits[r.v]!) continue;
    if (r.len === 0) {
      if (!openNew) continue;
      // Identical empty vehicles give identical insertions: look at one per class (bit set for small class ids).
      const cls = inst.vClass[r.v]!;
      if (cls < 31) {
        if (seenEmpty & (1 << cls)) continue;
        seenEmpty |= 1 << cls;
      }
    }
    if (r.load[r.len + 1]! + inst.demand[j]! > inst.capacity[r.v]! + 1e-9) continue;
    // Fast path: when cost is pure travel and the O(1) check is exact, skip the general evaluator.
    const fast =
      r.len > 0 && inst.balanceWeight === 0 && !inst.multiWindow[j] && !inst.breaks[r.v] && !r.multiCount[r.len + 1];
    const locs = r.locs;
    let prevLoc = locs[0]!;
    for (let p = 1; p <= r.len + 1; p++) {
      const nextLoc = locs[p]!;
      // Earliest arrival only grows along the route: once too late, later positions are too.
      const arrive = r.fE[p - 1]! + r.fD[p - 1]! - r.fTW[p - 1]! + dur[prevLoc * size + loc]!;
      if (arrive > late + 1e-9) break;
      const tIn = dur[prevLoc * size + loc]!;
      const tOut = dur[loc * size + nextLoc]!;
      const lower = tIn + tOut - dur[prevLoc * size + nextLoc]!;
      prevLoc = nextLoc;
      if (lower >= out.delta) continue;
      // Serving j first must still leave time to start the rest of the route.
      if (twStart[j]! + service[j]! + tOut > r.bL[p]! + 1e-9) continue;
      if (rng && blinkRate > 0 && rng.next() < blinkRate) continue;
      let d: number;
      if (fast) {
        const q = p - 1;
        concat(r.fD[q]!, r.fE[q]!, r.fL[q]!, r.fTW[q]!, tIn, service[j]!, twStart[j]!, late, 0, seg);
        concat(seg.d, seg.e, seg.l, seg.tw, tOut, r.bD[p]!, r.bE[p]!, r.bL[p]!, r.bTW[p]!, seg);
        d = seg.tw > TW_EPS ? Number.POSITIVE_INFINITY : lower;
      } else d = insertionDelta(b, r, p, j, out.delta);
      if (d < out.delta) {
        out.delta = d;
        out.route = r.v;
        out.pos = p;
      }
    }
  }
  return out;
}

const seg = new Seg();
