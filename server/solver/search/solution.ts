import { routeCost } from '../eval/builder';
import { emptinessEpoch, Route } from '../eval/route';
import type { Instance } from '../model/instance';

/**
 * The rule "one empty vehicle per class": identical empty vehicles give identical insertions, so a scan looks at the
 * first empty route of each vehicle class only. `seen` is the bit set of classes whose empty route was already looked
 * at; returns it with class `cls` added, or −1 when `cls` was in it (skip this route). Classes 31 and up are not in
 * the bit set: every empty route of those is looked at.
 */
export function claimEmptyClass(seen: number, cls: number): number {
  if (cls >= 31) return seen;
  const bit = 1 << cls;
  return seen & bit ? -1 : seen | bit;
}

/** The search state: one route per vehicle plus the unassigned jobs. */
export class SolutionState {
  // Fields assigned in the constructor are `declare`d, not defined to undefined first (see Route).
  declare readonly routes: Route[];
  /** Route (vehicle) index of each job, −1 when unassigned. */
  declare readonly routeOf: Int32Array;
  /** Full-sequence position of each job in its route. */
  declare readonly posOf: Int32Array;
  /** Unassigned jobs, in no particular order; `slot` indexes them so adding and removing are O(1). */
  readonly unassigned: number[] = [];
  declare private readonly slot: Int32Array;
  /** Route indices the insertion scan looks at (see scanRoutes): the first `scanCount` entries. */
  declare private readonly scan: Int32Array;
  declare scanCount: number;
  /** The emptiness epoch `scan` was built at (−1: not yet). */
  declare private scanEpoch: number;

  declare readonly inst: Instance;

  constructor(inst: Instance) {
    this.inst = inst;
    this.routes = Array.from({ length: inst.m }, (_, v) => new Route(inst, v));
    for (const r of this.routes) r.update();
    this.routeOf = new Int32Array(inst.n).fill(-1);
    this.posOf = new Int32Array(inst.n);
    this.slot = new Int32Array(inst.n);
    this.scan = new Int32Array(inst.m);
    this.scanCount = 0;
    this.scanEpoch = -1;
    for (let j = 0; j < inst.n; j++) {
      this.slot[j] = j;
      this.unassigned.push(j);
    }
  }

  /** Refreshes route r's cost and the job index after r changed (its caches must be current). */
  touch(r: Route): void {
    this.recost(r);
    for (let p = 1; p <= r.len; p++) {
      const j = r.nodes[p - 1]!;
      this.routeOf[j] = r.v;
      this.posOf[j] = p;
    }
  }

  /**
   * Refreshes route r's cost after its jobs changed. Alone (without touch) only where the loops that moved the jobs
   * kept routeOf and posOf (Route.insert, Route.removeUnkept).
   */
  recost(r: Route): void {
    r.cost = routeCost(this.inst, r);
  }

  /** Inserts job j at position p of route r and refreshes the route. */
  place(r: Route, p: number, j: number): void {
    r.insert(p, j, this.posOf);
    this.unlist(j);
    this.recost(r);
    this.routeOf[j] = r.v;
  }

  /** Makes route r serve exactly `jobs` (all currently unassigned), in order, and refreshes it. */
  setRoute(r: Route, jobs: number[]): void {
    r.setJobs(jobs);
    for (let k = 0; k < jobs.length; k++) this.unlist(jobs[k]!);
    this.touch(r);
  }

  /** Marks job j as unassigned (it must already be detached). */
  drop(j: number): void {
    this.routeOf[j] = -1;
    if (this.slot[j]! < 0) {
      this.slot[j] = this.unassigned.length;
      this.unassigned.push(j);
    }
  }

  /** Takes j off the unassigned list (swap with the last one). */
  private unlist(j: number): void {
    const k = this.slot[j]!;
    if (k < 0) return;
    const last = this.unassigned.pop()!;
    if (last !== j) {
      this.unassigned[k] = last;
      this.slot[last] = k;
    }
    this.slot[j] = -1;
  }

  /**
   * The routes a best-insertion scan of a job every vehicle may take looks at, in index order (the first `scanCount`
   * entries): every route with visits and the first empty route of each vehicle class (`claimEmptyClass`, the rule
   * the scan applies to any other list). Rebuilt only when some route's emptiness changed since, so the scan no longer walks past the
   * empty vehicles one by one.
   */
  scanRoutes(): Int32Array {
    const epoch = emptinessEpoch();
    if (this.scanEpoch !== epoch) {
      this.scanEpoch = epoch;
      const { routes, scan } = this;
      const vClass = this.inst.vClass;
      let seen = 0;
      let c = 0;
      for (let k = 0; k < routes.length; k++) {
        if (routes[k]!.len === 0) {
          const next = claimEmptyClass(seen, vClass[k]!);
          if (next < 0) continue;
          seen = next;
        }
        scan[c++] = k;
      }
      this.scanCount = c;
    }
    return this.scan;
  }

  /** Lexicographic objective folded into one number: unassigned weight first, then travel and balance. */
  cost(): number {
    let c = 0;
    // Index loops in the per-iteration paths: a for-of the compiler does not optimise allocates an iterator.
    const { routes, unassigned } = this;
    for (let k = 0; k < routes.length; k++) c += routes[k]!.cost;
    for (let k = 0; k < unassigned.length; k++) c += this.inst.weight[unassigned[k]!]! * this.inst.unassignedUnit;
    return c;
  }

  /** Routes with at least one visit. */
  usedRoutes(): number {
    let n = 0;
    const routes = this.routes;
    for (let k = 0; k < routes.length; k++) if (routes[k]!.len > 0) n++;
    return n;
  }

  /** Travel total only (what Solomon calls distance). */
  travel(): number {
    let c = 0;
    for (const r of this.routes) if (r.len > 0) c += r.cum[r.len + 1]!;
    return c;
  }

  /** Makes this a copy of `other`. */
  copyFrom(other: SolutionState): void {
    // Only routes whose stamps differ can differ, and a job's place can change only if it is in one of
    // them (on either side) or unassigned: copying just those keeps an iteration's copy O(what changed).
    for (let k = 0; k < this.unassigned.length; k++) this.slot[this.unassigned[k]!] = -1;
    for (let v = 0; v < this.routes.length; v++) {
      const a = this.routes[v]!;
      const b = other.routes[v]!;
      if (a.stamp === b.stamp) continue;
      a.copyFrom(b);
      for (let p = 1; p <= b.len; p++) {
        const j = b.nodes[p - 1]!;
        this.routeOf[j] = v;
        this.posOf[j] = p;
      }
    }
    this.unassigned.length = 0;
    for (let k = 0; k < other.unassigned.length; k++) {
      const j = other.unassigned[k]!;
      this.routeOf[j] = -1;
      this.slot[j] = this.unassigned.length;
      this.unassigned.push(j);
    }
  }

  /** Job sequences per route, for output and tests. */
  toJobLists(): number[][] {
    return this.routes.map((r) => Array.from(r.nodes.subarray(0, r.len)));
  }
}
