import type { RouteBuilder } from '../eval/builder';
import { recreate } from './recreate';
import type { Rng } from './rng';
import type { SolutionState } from './solution';

const INF = Number.POSITIVE_INFINITY;

/** Scratch reused across crossovers (one solve runs many): marks and job lists, grown on demand. */
let inSet = new Uint8Array(0);
let overlap = new Int32Array(0);
const seq: number[] = [];
const missing: number[] = [];
const fromA: number[] = [];
const fromB: number[] = [];

/**
 * SREX-style crossover (Nagata & Kobayashi 2010's selective route exchange, as simplified in PyVRP): the
 * child is parent A with a few routes near a random job taken out and the routes of parent B that share the
 * most visits with them put in, each without the visits A's kept routes already serve; the visits left over
 * are re-inserted by the greedy recreate. Routes go to the same vehicle or, if A still uses it, to an empty
 * vehicle of the same class (interchangeable crews); routes with position-pinned visits stay where they are.
 */
export function srex(
  child: SolutionState,
  a: SolutionState,
  bPar: SolutionState,
  b: RouteBuilder,
  rng: Rng,
  adj: Int32Array[],
  blinkRate: number,
  nearK: number,
): void {
  const inst = a.inst;
  if (inSet.length < inst.n) inSet = new Uint8Array(inst.n);
  if (overlap.length < inst.m) overlap = new Int32Array(inst.m);
  child.copyFrom(a);
  let used = 0;
  for (const r of a.routes) if (r.len > 0) used++;
  if (used === 0) return;
  // How many routes move: 1 up to a third of the used ones, so the child stays mostly A (as SREX's small moves).
  const k = 1 + rng.int(Math.max(1, Math.floor(used / 3)));
  // A's routes nearest a random served job: the job's own route, then those of its nearest jobs.
  let seed = rng.int(inst.n);
  for (let tries = 0; a.routeOf[seed]! < 0 && tries < inst.n; tries++) seed = (seed + 1) % inst.n;
  fromA.length = 0;
  const takeA = (v: number) => {
    if (v >= 0 && !fromA.includes(v) && a.routes[v]!.lockedCount[a.routes[v]!.len] === 0) fromA.push(v);
  };
  takeA(a.routeOf[seed]!);
  const near = adj[seed]!;
  for (let i = 0; i < near.length && fromA.length < k; i++) takeA(a.routeOf[near[i]!]!);
  if (fromA.length === 0) return;
  inSet.fill(0, 0, inst.n);
  for (const v of fromA) {
    const r = a.routes[v]!;
    for (let p = 0; p < r.len; p++) inSet[r.nodes[p]!] = 1;
  }
  // B's routes sharing the most of those visits, as many as A gives up.
  overlap.fill(0, 0, inst.m);
  for (let j = 0; j < inst.n; j++) if (inSet[j] && bPar.routeOf[j]! >= 0) overlap[bPar.routeOf[j]!]!++;
  fromB.length = 0;
  for (let t = 0; t < fromA.length; t++) {
    let best = -1;
    for (let v = 0; v < inst.m; v++)
      if (overlap[v]! > 0 && !fromB.includes(v) && (best < 0 || overlap[v]! > overlap[best]!)) best = v;
    if (best < 0) break;
    if (bPar.routes[best]!.lockedCount[bPar.routes[best]!.len] === 0) fromB.push(best);
    else overlap[best] = 0;
  }
  // Take A's routes out.
  for (const v of fromA) {
    const r = child.routes[v]!;
    for (let p = 0; p < r.len; p++) missing.push(r.nodes[p]!);
    r.setJobs(r.nodes, 0);
    child.touch(r);
  }
  for (const j of missing) child.drop(j);
  missing.length = 0;
  // Put B's routes in, minus the visits A's kept routes serve; a route the vehicle cannot run is left out.
  for (const vb of fromB) {
    const rb = bPar.routes[vb]!;
    seq.length = 0;
    for (let p = 0; p < rb.len; p++) if (child.routeOf[rb.nodes[p]!]! < 0) seq.push(rb.nodes[p]!);
    if (seq.length === 0) continue;
    const target = emptyVehicle(child, vb);
    if (target < 0) continue;
    b.begin(target);
    for (const j of seq) b.job(j);
    if (b.end() === INF) continue;
    child.setRoute(child.routes[target]!, seq);
  }
  for (const j of child.unassigned) missing.push(j);
  recreate(child, b, missing, rng, blinkRate, true, adj, nearK);
  missing.length = 0;
}

/** Vehicle vb if the child leaves it empty, else an empty one of the same class, else −1. */
function emptyVehicle(s: SolutionState, vb: number): number {
  if (s.routes[vb]!.len === 0) return vb;
  const cls = s.inst.vClass[vb];
  for (const r of s.routes) if (r.len === 0 && s.inst.vClass[r.v] === cls) return r.v;
  return -1;
}
