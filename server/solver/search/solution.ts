import { routeCost } from '../eval/builder';
import { Route } from '../eval/route';
import type { Instance } from '../model/instance';

/** The search state: one route per vehicle plus the unassigned jobs. */
export class SolutionState {
  readonly routes: Route[];
  /** Route (vehicle) index of each job, −1 when unassigned. */
  readonly routeOf: Int32Array;
  /** Full-sequence position of each job in its route. */
  readonly posOf: Int32Array;
  readonly unassigned: number[] = [];

  constructor(readonly inst: Instance) {
    this.routes = Array.from({ length: inst.m }, (_, v) => new Route(inst, v));
    for (const r of this.routes) r.update();
    this.routeOf = new Int32Array(inst.n).fill(-1);
    this.posOf = new Int32Array(inst.n);
    for (let j = 0; j < inst.n; j++) this.unassigned.push(j);
  }

  /** Refreshes route r's cost and the job index after r changed (its caches must be current). */
  touch(r: Route): void {
    r.cost = routeCost(this.inst, r);
    for (let p = 1; p <= r.len; p++) {
      const j = r.nodes[p - 1]!;
      this.routeOf[j] = r.v;
      this.posOf[j] = p;
    }
  }

  /** Inserts job j at position p of route r and refreshes the route. */
  place(r: Route, p: number, j: number): void {
    r.insert(p, j);
    const k = this.unassigned.indexOf(j);
    if (k >= 0) this.unassigned.splice(k, 1);
    r.cost = routeCost(this.inst, r);
    this.routeOf[j] = r.v;
    for (let q = p; q <= r.len; q++) this.posOf[r.nodes[q - 1]!] = q;
  }

  /** Marks job j as unassigned (it must already be detached). */
  drop(j: number): void {
    this.routeOf[j] = -1;
    if (!this.unassigned.includes(j)) this.unassigned.push(j);
  }

  /** Lexicographic objective folded into one number: unassigned weight first, then travel and balance. */
  cost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    for (const j of this.unassigned) c += this.inst.weight[j]! * this.inst.unassignedUnit;
    return c;
  }

  /** Travel total only (what Solomon calls distance). */
  travel(): number {
    let c = 0;
    for (const r of this.routes) if (r.len > 0) c += r.cum[r.len + 1]!;
    return c;
  }

  /** Makes this a copy of `other`. */
  copyFrom(other: SolutionState): void {
    for (let v = 0; v < this.routes.length; v++) {
      const a = this.routes[v]!;
      const b = other.routes[v]!;
      if (!sameJobs(a, b)) this.copyRoute(a, b);
    }
    this.routeOf.set(other.routeOf);
    this.posOf.set(other.posOf);
    this.unassigned.length = 0;
    this.unassigned.push(...other.unassigned);
  }

  private copyRoute(a: Route, b: Route): void {
    a.len = b.len;
    a.nodes.set(b.nodes.subarray(0, b.len));
    const last = b.len + 2;
    a.fD.set(b.fD.subarray(0, last));
    a.fE.set(b.fE.subarray(0, last));
    a.fL.set(b.fL.subarray(0, last));
    a.fTW.set(b.fTW.subarray(0, last));
    a.bD.set(b.bD.subarray(0, last));
    a.bE.set(b.bE.subarray(0, last));
    a.bL.set(b.bL.subarray(0, last));
    a.bTW.set(b.bTW.subarray(0, last));
    a.cum.set(b.cum.subarray(0, last));
    a.load.set(b.load.subarray(0, last));
    a.restrictedCount.set(b.restrictedCount.subarray(0, last));
    a.lockedCount.set(b.lockedCount.subarray(0, last));
    a.multiCount.set(b.multiCount.subarray(0, last));
    a.locs.set(b.locs.subarray(0, last));
    a.cost = b.cost;
  }

  /** Job sequences per route, for output and tests. */
  toJobLists(): number[][] {
    return this.routes.map((r) => Array.from(r.nodes.subarray(0, r.len)));
  }
}

function sameJobs(a: Route, b: Route): boolean {
  if (a.len !== b.len) return false;
  for (let i = 0; i < a.len; i++) if (a.nodes[i] !== b.nodes[i]) return false;
  return true;
}
