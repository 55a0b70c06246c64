import type { RouteBuilder } from '../eval/builder';
import { exactState, exactStep } from '../eval/exact';
import type { Route } from '../eval/route';
import { max2, min2, nonNeg, TW_EPS } from '../eval/segment';
import { Rng, sfc32 } from './rng';
import { claimEmptyClass, type SolutionState } from './solution';

/** Result of a best-insertion scan; `route` is −1 when no feasible position exists. */
export interface InsertionChoice {
  route: number;
  pos: number;
  delta: number;
}

/**
 * A fresh result holder. `delta` starts as a double (+∞): from a literal `delta: 0` the first double stored would
 * deprecate the object's shape and throw away the optimised scan that saw it.
 */
export function newChoice(): InsertionChoice {
  return { route: -1, pos: 0, delta: Number.POSITIVE_INFINITY };
}

const st = exactState();

/**
 * Stands in for the rng when a scan does not blink (construction, local search): its draws are made and never
 * blink, so the compiled scan has seen its blink code run before the first ruin-and-recreate (see bestInsertion).
 */
const noBlinks = new Rng(0);

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
  const { dur, size, jobLoc, twEnd, twStart, service, n, allowed, maxVisits, capacity } = inst;
  out.route = -1;
  out.pos = 0;
  out.delta = Number.POSITIVE_INFINITY;
  const loc = jobLoc[j]!;
  const locRow = Math.imul(loc, size);
  const late = twEnd[j]!;
  const jEarly = twStart[j]!;
  const jService = service[j]!;
  const jDone = jEarly + jService;
  const jDemand = inst.demand[j]!;
  const exact = inst.exact;
  const balance = inst.balanceWeight;
  // Blinks: a position is skipped when the next draw u (unsigned 32 bits) is below blinkRate · 2^32, which is
  // `rng.chance(blinkRate)`. The draw is the generator step itself (`sfc32` on the rng's state), not a method call:
  // that call was not inlined (its call site had no or too little feedback when the scan was compiled, during the
  // construction). Without blinks the draws come from a stand-in generator with a threshold of 0 (never below it),
  // so the construction runs every operation of this path and the compiled scan is not thrown away when the first
  // ruin-and-recreate blinks; the written-out comparisons with a double keep a rate of 0 (a small integer) in the
  // construction from deoptimising it when 0.01 (a double) arrives.
  const threshold = (rng === undefined ? 0 : blinkRate) * 4294967296;
  const draws = (threshold >= Number.MIN_VALUE ? rng! : noBlinks).state;
  // Per-route checks that cannot fail for this job are hoisted: an unrestricted job is allowed on every vehicle,
  // and no route below the smallest visit limit is full.
  const restrictedJ = inst.restricted[j] !== 0;
  const visitLimit = inst.visitLimit;
  let seenEmpty = 0;
  const mayOpen = openNew === true;
  // Without a given subset, an unrestricted job looks at the state's scan list: the routes with visits and one empty
  // route per class, in the same order, so the same positions are looked at in the same order (same blinks). A
  // restricted job may be barred from a class's first empty vehicle (crew pins are not part of the class) and walks
  // every route.
  // Both lists are looked up on every call (the scan list is rebuilt only when some route's emptiness changed), so
  // each lookup has run before the scan is compiled, during the construction, which passes its own list.
  const scan = s.scanRoutes();
  const scanCount = s.scanCount;
  const all = s.routes.length;
  let list = routes;
  let count = routes ? routes.length : all;
  if (!routes && !restrictedJ) {
    list = scan;
    count = scanCount;
  }
  for (let k = 0; k < count; k++) {
    const r = s.routes[list === undefined ? k : list[k]!]!;
    const rv = r.v;
    const len = r.len;
    if ((restrictedJ && !allowed[rv * n + j]) || (len >= visitLimit && len >= maxVisits[rv]!)) continue;
    if (len === 0) {
      if (!mayOpen) continue;
      const next = claimEmptyClass(seenEmpty, inst.vClass[rv]!);
      if (next < 0) continue;
      seenEmpty = next;
      // Position 1's load and latest start bL (REC in eval/route.ts: fields 5 and 10 of the record at 16); the earliest
      // departure from the start place (field 4 of the record at 0).
      const rec = r.rec;
      if (rec[21]! + jDemand > capacity[rv]! + 1e-9 || rec[26]! + 1e-9 < jDone) continue;
      // An empty route has one position: the checks below are the loop's, in the same order (same blinks).
      const tIn = dur[r.locs[0]! * size + loc]!;
      if (rec[4]! + tIn > late + 1e-9) continue;
      const tOut = dur[loc * size + r.locs[1]!]!;
      if (tIn + tOut - dur[r.locs[0]! * size + r.locs[1]!]! >= out.delta) continue;
      if (jDone + tOut > rec[26]! + 1e-9) continue;
      if (sfc32(draws) < threshold) continue;
      const d = emptyRouteCost(b, r, j);
      if (d < out.delta) {
        out.delta = d;
        out.route = rv;
        out.pos = 1;
      }
      continue;
    }
    if (r.endLoad + jDemand > r.capLimit) continue;
    // Only the arrays every position reads are held in locals; the rest are read where needed (fewer spills). The
    // position records (REC in eval/route.ts): position p's field k at rec[(p << 4) | k].
    const { locs, rec } = r;
    // First position whose rest of route can still follow j once served (latest starts bL only grow along
    // a route, so earlier positions cannot): a binary search, written out here because a call would box
    // its double argument on every route scanned. Position 1 (bL at REC offset 26) is asked first: when it can follow
    // j, so can every position and the search is over after one read.
    let p0 = 1;
    if (rec[26]! + 1e-9 < jDone) {
      p0 = 2;
      for (let hi = len + 2; p0 < hi; ) {
        const mid = (p0 + hi) >> 1;
        if (rec[(mid << 4) | 10]! + 1e-9 < jDone) p0 = mid + 1;
        else hi = mid;
      }
    }
    // Two positions per pass: the pruning checks of position p and, when p is pruned, of p + 1 run before the loop's
    // back edge, whose stack check makes the compiled code re-check and reload `locs`, `dur`, `rec` and `out`
    // (≈ 7 instructions per array): the pruned path pays that once per two positions. Same positions in the same
    // order, so the same blinks.
    const end = len + 1;
    // Matrix offsets as `(row + col) | 0` with rows from Math.imul: int32 arithmetic without the overflow checks a
    // plain `a * size + b` compiles to (the offsets are far below 2^31).
    let prevRow = Math.imul(locs[p0 - 1]!, size);
    let p = p0;
    while (p <= end) {
      let nextLoc = locs[p]!;
      let tIn = dur[(prevRow + loc) | 0]!;
      // Earliest arrival only grows along the route: once too late, later positions are too. (p << 4) − 12 is field 4,
      // the earliest departure, of position p − 1.
      if (rec[((p << 4) - 12) | 0]! + tIn > late + 1e-9) break;
      let tOut = dur[(locRow + nextLoc) | 0]!;
      let lower = tIn + tOut - dur[(prevRow + nextLoc) | 0]!;
      prevRow = Math.imul(nextLoc, size);
      // Serving j first must still leave time to start the rest of the route (bL at p: REC field 10). Two tests, not
      // a bL of −∞ for a pruned detour: that constant was built again at every position.
      if (lower >= out.delta || jDone + tOut > rec[(p << 4) | 10]! + 1e-9) {
        if (++p > end) break;
        nextLoc = locs[p]!;
        tIn = dur[(prevRow + loc) | 0]!;
        if (rec[((p << 4) - 12) | 0]! + tIn > late + 1e-9) break;
        tOut = dur[(locRow + nextLoc) | 0]!;
        lower = tIn + tOut - dur[(prevRow + nextLoc) | 0]!;
        prevRow = Math.imul(nextLoc, size);
        if (lower >= out.delta || jDone + tOut > rec[(p << 4) | 10]! + 1e-9) {
          p++;
          continue;
        }
      }
      const pos = p++;
      if (sfc32(draws) < threshold) continue;
      // prefix(q) ⊕ j ⊕ suffix(p) as duration segments, inlined: this is the innermost loop of the recreate. The
      // prefix is q's record.
      const o = pos << 4;
      const bLp = rec[o | 10]!;
      const oPrev = o - 16;
      const d1 = rec[oPrev]!;
      const fTWq = rec[oPrev | 3]!;
      const fEq = rec[oPrev | 1]!;
      const delta1 = d1 - fTWq + tIn;
      const fLq = rec[oPrev | 2]!;
      const wt1 = nonNeg(jEarly - delta1 - fLq);
      const late1 = nonNeg(fEq + delta1 - late);
      const tw1 = fTWq + late1;
      const dd = d1 + jService + tIn + wt1;
      const e1 = max2(jEarly - delta1, fEq) - wt1;
      const delta2 = dd - tw1 + tOut;
      const tw2 = tw1 + rec[o | 11]! + nonNeg(e1 + delta2 - bLp);
      let d = tw2 > TW_EPS ? Number.POSITIVE_INFINITY : lower;
      if (exact && d < out.delta) {
        // Breaks and multiple windows: join the exact departure states before j to the latest arrivals after it.
        st.x0 = rec[oPrev | 12]!;
        st.x1 = rec[oPrev | 13]!;
        exactStep(inst, rv, j, tIn, st);
        if (!(st.x0 + tOut <= rec[o | 14]! + 1e-9 || st.x1 + tOut <= rec[o | 15]! + 1e-9)) d = Number.POSITIVE_INFINITY;
      }
      if (balance > 0 && d < Number.POSITIVE_INFINITY) {
        const fDe = rec[(len + 1) * 16]!;
        const l1 = min2(late - delta1, fLq) + late1;
        const dNew = dd + rec[o | 8]! + tOut + nonNeg(rec[o | 9]! - delta2 - l1);
        d += (balance * (dNew * dNew - fDe * fDe)) / inst.horizon;
      }
      if (d < out.delta) {
        out.delta = d;
        out.route = rv;
        out.pos = pos;
      }
    }
  }
  return out;
}

/**
 * Cost of route r (empty) holding only job j: the same for every empty vehicle of r's class, so it is
 * worked out once per (job, class) and remembered in the instance.
 */
function emptyRouteCost(b: RouteBuilder, r: Route, j: number): number {
  const inst = b.inst;
  const k = j * (inst.emptyCost.length / inst.n) + inst.vClass[r.v]!;
  let c = inst.emptyCost[k]!;
  if (Number.isNaN(c)) {
    c = insertionDelta(b, r, 1, j, Number.POSITIVE_INFINITY);
    inst.emptyCost[k] = c;
  }
  return c;
}
