import type { RouteBuilder } from '../eval/builder';
import type { Route } from '../eval/route';
import { TW_EPS } from '../eval/segment';
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
  const jEarly = twStart[j]!;
  const jService = service[j]!;
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
    const { locs, fD, fE, fTW, fL, bL, bTW } = r;
    let prevLoc = locs[0]!;
    for (let p = 1; p <= r.len + 1; p++) {
      const nextLoc = locs[p]!;
      const q = p - 1;
      const tIn = dur[prevLoc * size + loc]!;
      // Earliest arrival only grows along the route: once too late, later positions are too.
      if (fE[q]! + fD[q]! - fTW[q]! + tIn > late + 1e-9) break;
      const tOut = dur[loc * size + nextLoc]!;
      const lower = tIn + tOut - dur[prevLoc * size + nextLoc]!;
      prevLoc = nextLoc;
      if (lower >= out.delta) continue;
      // Serving j first must still leave time to start the rest of the route.
      if (jEarly + jService + tOut > bL[p]! + 1e-9) continue;
      if (rng && blinkRate > 0 && rng.next() < blinkRate) continue;
      let d: number;
      if (fast) {
        // prefix(q) ⊕ j ⊕ suffix(p), inlined: this is the innermost loop of the recreate.
        const d1 = fD[q]!;
        const delta1 = d1 - fTW[q]! + tIn;
        const wt1 = Math.max(jEarly - delta1 - fL[q]!, 0);
        const tw1 = fTW[q]! + Math.max(fE[q]! + delta1 - late, 0);
        const dd = d1 + jService + tIn + wt1;
        const e1 = Math.max(jEarly - delta1, fE[q]!) - wt1;
        const delta2 = dd - tw1 + tOut;
        const tw2 = tw1 + bTW[p]! + Math.max(e1 + delta2 - bL[p]!, 0);
        d = tw2 > TW_EPS ? Number.POSITIVE_INFINITY : lower;
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
