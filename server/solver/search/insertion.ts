import type { RouteBuilder } from '../eval/builder';
import type { Route } from '../eval/route';
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
): InsertionChoice {
  const inst = s.inst;
  const { dur, size, jobLoc, twEnd, n, allowed } = inst;
  out.route = -1;
  out.pos = 0;
  out.delta = Number.POSITIVE_INFINITY;
  const loc = jobLoc[j]!;
  const late = twEnd[j]!;
  const seenEmpty = emptySeen();
  const count = routes ? routes.length : s.routes.length;
  for (let k = 0; k < count; k++) {
    const r = s.routes[routes ? routes[k]! : k]!;
    if (!allowed[r.v * n + j] || r.len >= inst.maxVisits[r.v]!) continue;
    if (r.len === 0) {
      const cls = inst.vClass[r.v]!;
      if (seenEmpty.has(cls)) continue;
      seenEmpty.add(cls);
    }
    let prevLoc = r.loc(0);
    for (let p = 1; p <= r.len + 1; p++) {
      const nextLoc = r.loc(p);
      // Earliest arrival only grows along the route: once too late, later positions are too.
      const arrive = r.fE[p - 1]! + r.fD[p - 1]! - r.fTW[p - 1]! + dur[prevLoc * size + loc]!;
      if (arrive > late + 1e-9) break;
      const lower = dur[prevLoc * size + loc]! + dur[loc * size + nextLoc]! - dur[prevLoc * size + nextLoc]!;
      prevLoc = nextLoc;
      if (lower >= out.delta) continue;
      if (rng && blinkRate > 0 && rng.next() < blinkRate) continue;
      const d = insertionDelta(b, r, p, j, out.delta);
      if (d < out.delta) {
        out.delta = d;
        out.route = r.v;
        out.pos = p;
      }
    }
  }
  return out;
}

const emptyScratch = new Set<number>();
function emptySeen(): Set<number> {
  emptyScratch.clear();
  return emptyScratch;
}
