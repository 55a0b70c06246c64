import type { RouteBuilder } from '../eval/builder';
import type { Route } from '../eval/route';
import type { Instance } from '../model/instance';
import { bestInsertion, type InsertionChoice, newChoice } from './insertion';
import type { Rng } from './rng';
import type { SolutionState } from './solution';
import { nextStamp } from './stamps';

const choice: InsertionChoice = newChoice();

/** Orders SISR draws from, with their weights: random, demand, far from depot, close to depot, tight window. */
const ORDERS = [4, 4, 2, 1, 2];

function orderKey(inst: Instance, kind: number, j: number, firstLoc: number): number {
  switch (kind) {
    case 1:
      return -inst.demand[j]! - inst.weight[j]! * 1e6;
    case 2:
      return -inst.dur[firstLoc * inst.size + inst.jobLoc[j]!]!;
    case 3:
      return inst.dur[firstLoc * inst.size + inst.jobLoc[j]!]!;
    default:
      return inst.twEnd[j]! - inst.twStart[j]!;
  }
}

/**
 * Greedy insertion with blinks: jobs are sorted by a randomly chosen criterion and each goes to
 * its cheapest feasible position; jobs with no position stay unassigned.
 */
export function recreate(
  s: SolutionState,
  b: RouteBuilder,
  jobs: number[],
  rng: Rng,
  blinkRate: number,
  openNew = true,
  near?: Int32Array[],
  nearK = 0,
  forceNew = false,
): void {
  const inst = s.inst;
  let total = 0;
  for (const w of ORDERS) total += w;
  let pick = rng.next() * total;
  let kind = 0;
  while (kind < ORDERS.length - 1 && pick >= ORDERS[kind]!) pick -= ORDERS[kind++]!;
  const firstLoc = inst.vStart[0] ?? 0;
  if (keys.length < inst.n) keys = new Float64Array(inst.n);
  // Higher-priority jobs first regardless of the drawn order: they dominate the objective.
  const big = inst.unassignedUnit;
  for (let k = 0; k < jobs.length; k++) {
    const j = jobs[k]!;
    const noise = rng.next(); // drawn for every job whatever the order, as before: same stream, same plans
    keys[j] = (kind === 0 ? noise : orderKey(inst, kind, j, firstLoc)) - inst.weight[j]! * big;
  }
  sortByKey(jobs);
  let mustOpen = forceNew;
  for (let k = 0; k < jobs.length; k++) {
    const j = jobs[k]!;
    if (mustOpen) {
      // Seed a fresh route with the first job so the rest can follow it: the counterpart of route removal.
      mustOpen = false;
      const empty = firstEmptyRoute(s, j);
      if (empty && b.begin(empty.v).job(j).end() < Number.POSITIVE_INFINITY) {
        s.place(empty, 1, j);
        continue;
      }
    }
    const routes = near && nearK > 0 ? candidateRoutes(s, near[j]!, nearK) : undefined;
    bestInsertion(s, b, j, choice, rng, blinkRate, routes, openNew);
    // Far routes were skipped for speed; if none of the near ones fits, look everywhere.
    if (choice.route < 0 && routes) bestInsertion(s, b, j, choice, rng, blinkRate, undefined, openNew);
    if (choice.route >= 0) s.place(s.routes[choice.route]!, choice.pos, j);
    else s.drop(j);
  }
}

/** First empty route that may take job j (a loop, not `find`: no closure per call in the hot loop). */
function firstEmptyRoute(s: SolutionState, j: number): Route | undefined {
  const { allowed, n } = s.inst;
  for (let k = 0; k < s.routes.length; k++) {
    const r = s.routes[k]!;
    if (r.len === 0 && allowed[r.v * n + j]) return r;
  }
  return undefined;
}

let keys = new Float64Array(0);
const byKey = (a: number, b: number) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b);

/**
 * Sorts jobs by key, ties by index (a total order, so any sort gives the same result). A recreate places
 * a few dozen jobs: insertion sort in place allocates nothing, where Array.prototype.sort copies the array
 * and boxes each comparison's double result.
 */
function sortByKey(jobs: number[]): void {
  if (jobs.length > 64) {
    jobs.sort(byKey);
    return;
  }
  for (let i = 1; i < jobs.length; i++) {
    const j = jobs[i]!;
    const kj = keys[j]!;
    let p = i - 1;
    while (p >= 0 && (keys[jobs[p]!]! > kj || (keys[jobs[p]!]! === kj && jobs[p]! > j))) {
      jobs[p + 1] = jobs[p]!;
      p--;
    }
    jobs[p + 1] = j;
  }
}

let stamp = 0;
let stamps = new Int32Array(0);
const picked: number[] = [];

/** Routes holding one of the job's nearest jobs, plus every empty route (one per class is scanned). */
function candidateRoutes(s: SolutionState, near: Int32Array, k: number): number[] {
  if (stamps.length < s.routes.length) stamps = new Int32Array(s.routes.length);
  stamp = nextStamp(stamp, stamps);
  picked.length = 0;
  const lim = Math.min(k, near.length);
  for (let i = 0; i < lim; i++) {
    const r = s.routeOf[near[i]!]!;
    if (r >= 0 && stamps[r] !== stamp) {
      stamps[r] = stamp;
      picked.push(r);
    }
  }
  for (const r of s.routes) if (r.len === 0 && stamps[r.v] !== stamp) picked.push(r.v);
  return picked;
}
