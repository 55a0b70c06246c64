import type { Instance } from '../model/instance';
import { type ExactState, exactBegin, exactState, exactStep } from './exact';
import type { Route } from './route';
import { concat, Seg, TW_EPS } from './segment';

const INF = Number.POSITIVE_INFINITY;
/** Rounding slack when joining forward and backward exact times (summed in different orders). */
const EXACT_EPS = 1e-9;

/**
 * Evaluates a candidate route for a vehicle without building it: the caller appends pieces
 * (prefixes, slices and suffixes of existing routes, single jobs) and gets the route cost or +∞.
 * All operators and insertion heuristics go through this one evaluator, so they share one notion
 * of feasibility and cost.
 */
export class RouteBuilder {
  private readonly seg = new Seg();
  private v = 0;
  private lastLoc = 0;
  private travel = 0;
  private load = 0;
  private count = 0;
  private bad = false;
  /** Exact departure states (only when the instance needs them) and whether the joins so far were feasible. */
  private readonly x: ExactState = exactState();
  private xBad = false;

  /** `declare`d and assigned in the constructor, not defined to undefined first (see Route). */
  declare readonly inst: Instance;

  constructor(inst: Instance) {
    this.inst = inst;
  }

  /** Starts a route for vehicle v at its start place. */
  begin(v: number): this {
    const inst = this.inst;
    this.v = v;
    this.seg.set(0, inst.shiftStart[v]!, inst.shiftEnd[v]!, 0);
    this.lastLoc = inst.vStart[v]!;
    this.travel = 0;
    this.load = 0;
    this.count = 0;
    this.bad = false;
    if (inst.exact) {
      exactBegin(inst, v, this.x);
      this.xBad = false;
    }
    return this;
  }

  /** Appends positions 1..b of route r right after the start (r must share the vehicle's start class). */
  prefix(r: Route, b: number): this {
    if (b <= 0) return this;
    const inst = this.inst;
    if (
      inst.startClass[r.v] !== inst.startClass[this.v] ||
      this.count > 0 ||
      (inst.exact && inst.breakClass[r.v] !== inst.breakClass[this.v])
    )
      return this.slice(r, 1, b);
    this.checkAllowed(r, 1, b);
    const rec = r.rec;
    const o = b * 16;
    this.seg.set(rec[o]!, rec[o | 1]!, rec[o | 2]!, rec[o | 3]!);
    this.travel = r.cum[b]!;
    this.load = rec[o | 5]!;
    this.count = b;
    this.lastLoc = r.loc(b);
    if (inst.exact) {
      this.x.x0 = rec[o | 12]!;
      this.x.x1 = rec[o | 13]!;
    }
    return this;
  }

  /** Appends positions a..b of route r one by one (b < a appends nothing). */
  slice(r: Route, a: number, b: number): this {
    if (b < a) return this;
    this.checkAllowed(r, a, b);
    const inst = this.inst;
    const s = this.seg;
    const dur = inst.dur;
    const size = inst.size;
    let last = this.lastLoc;
    let travel = this.travel;
    const exact = inst.exact;
    for (let p = a; p <= b; p++) {
      const j = r.nodes[p - 1]!;
      const loc = inst.jobLoc[j]!;
      const t = dur[last * size + loc]!;
      concat(s.d, s.e, s.l, s.tw, t, inst.service[j]!, inst.twStart[j]!, inst.twEnd[j]!, 0, s);
      if (exact) exactStep(inst, this.v, j, t, this.x);
      travel += t;
      last = loc;
    }
    this.travel = travel;
    this.lastLoc = last;
    this.load += r.load(b) - r.load(a - 1);
    this.count += b - a + 1;
    return this;
  }

  /** Appends a single job. */
  job(j: number): this {
    const inst = this.inst;
    if (!inst.allowed[this.v * inst.n + j]) this.bad = true;
    const s = this.seg;
    const loc = inst.jobLoc[j]!;
    const t = inst.dur[this.lastLoc * inst.size + loc]!;
    concat(s.d, s.e, s.l, s.tw, t, inst.service[j]!, inst.twStart[j]!, inst.twEnd[j]!, 0, s);
    if (inst.exact) exactStep(inst, this.v, j, t, this.x);
    this.travel += t;
    this.lastLoc = loc;
    this.load += inst.demand[j]!;
    this.count++;
    return this;
  }

  /** Appends positions a..len of route r and its end place; returns the cost (+∞ if infeasible or ≥ bound). */
  suffix(r: Route, a: number, bound = INF): number {
    const inst = this.inst;
    if (
      inst.endClass[r.v] !== inst.endClass[this.v] ||
      (inst.exact && inst.breakClass[r.v] !== inst.breakClass[this.v])
    ) {
      this.slice(r, a, r.len);
      return this.end(bound);
    }
    if (a <= r.len) {
      this.checkAllowed(r, a, r.len);
      const last = r.len + 1;
      this.load += r.load(last) - r.load(a - 1);
      this.count += r.len - a + 1;
    }
    const s = this.seg;
    const t = inst.dur[this.lastLoc * inst.size + r.loc(a)]!;
    const rec = r.rec;
    const o = a * 16;
    if (inst.exact) this.join(t, rec[o | 14]!, rec[o | 15]!);
    concat(s.d, s.e, s.l, s.tw, t, rec[o | 8]!, rec[o | 9]!, rec[o | 10]!, rec[o | 11]!, s);
    this.travel += t + r.cum[r.len + 1]! - r.cum[a]!;
    return this.finish(bound);
  }

  /** Appends the vehicle's end place; returns the cost (+∞ if infeasible or ≥ bound). */
  end(bound = INF): number {
    const inst = this.inst;
    const s = this.seg;
    const endLoc = inst.vEnd[this.v]!;
    const t = inst.dur[this.lastLoc * inst.size + endLoc]!;
    if (inst.exact) this.join(t, Number.NEGATIVE_INFINITY, inst.shiftEnd[this.v]!);
    concat(s.d, s.e, s.l, s.tw, t, 0, inst.shiftStart[this.v]!, inst.shiftEnd[this.v]!, 0, s);
    this.travel += t;
    return this.finish(bound);
  }

  private finish(bound: number): number {
    const inst = this.inst;
    const v = this.v;
    if (this.count === 0) return 0;
    if (this.bad || this.seg.tw > TW_EPS) return INF;
    if (this.load > inst.capacity[v]! + 1e-9 || this.count > inst.maxVisits[v]!) return INF;
    const cost = this.travel + routeBalance(inst, this.seg.d);
    if (cost >= bound || this.xBad) return INF;
    return cost;
  }

  /** Joins the exact states so far to a rest of route whose latest arrivals are l0/l1, `t` away. */
  private join(t: number, l0: number, l1: number): void {
    if (!(this.x.x0 + t <= l0 + EXACT_EPS || this.x.x1 + t <= l1 + EXACT_EPS)) this.xBad = true;
  }

  private checkAllowed(r: Route, a: number, b: number): void {
    if (r.v === this.v || r.restrictedCount[b]! === r.restrictedCount[a - 1]!) return;
    const base = this.v * this.inst.n;
    for (let p = a; p <= b; p++) if (!this.inst.allowed[base + r.nodes[p - 1]!]) this.bad = true;
  }
}

/** Workload-balance part of a route's cost (quadratic in its duration so long days cost more). */
function routeBalance(inst: Instance, duration: number): number {
  return inst.balanceWeight > 0 ? (inst.balanceWeight * duration * duration) / inst.horizon : 0;
}

/** Cost of a route as it stands (0 when unused). */
export function routeCost(inst: Instance, r: Route): number {
  if (r.len === 0) return 0;
  return r.cum[r.len + 1]! + routeBalance(inst, r.fD(r.len + 1));
}
