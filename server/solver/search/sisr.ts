import type { RouteBuilder } from '../eval/builder';
import type { StoppingCriterion } from '../stop/stopping';
import { recreate } from './recreate';
import type { Rng } from './rng';
import { defaultRuin, type RuinParams, ruinRoute, ruinStrings } from './ruin';
import { SolutionState } from './solution';

/** Knobs of the ruin-and-recreate loop. */
interface SisrParams {
  ruin: RuinParams;
  blinkRate: number;
  /** Start and final annealing temperature as fractions of the average edge of the initial solution. */
  t0: number;
  tf: number;
  /** Check the stopping rule every this many iterations (clock reads are not free). */
  checkEvery: number;
  /** Probability that an iteration also empties a whole route and may not open a new one. */
  routeRemoval: number;
  /** Probability that the recreate seeds a new route with its first job. */
  routeOpening: number;
  /** Recreate looks only at routes holding one of a job's this-many nearest jobs (0 = all routes). */
  nearRoutesK: number;
}

export const defaultSisr: SisrParams = {
  ruin: defaultRuin,
  blinkRate: 0.01,
  t0: 3,
  tf: 0.1,
  checkEvery: 8,
  routeRemoval: 0.05,
  routeOpening: 0.2,
  nearRoutesK: 0,
};

/** Hooks the caller can plug in: intensification on new bests, progress reporting. */
interface SisrHooks {
  improveBest?: (s: SolutionState) => void;
  /** Return true to cancel. */
  onProgress?: (iteration: number, best: SolutionState, bestCost: number) => boolean | undefined;
}

/**
 * Slack induction by string removals with simulated-annealing acceptance. Returns the best state
 * found and the number of iterations run.
 */
export function runSisr(
  start: SolutionState,
  b: RouteBuilder,
  adj: Int32Array[],
  rng: Rng,
  stop: StoppingCriterion,
  prm: SisrParams = defaultSisr,
  hooks: SisrHooks = {},
): { best: SolutionState; iterations: number } {
  const inst = start.inst;
  const current = new SolutionState(inst);
  const cand = new SolutionState(inst);
  const best = new SolutionState(inst);
  current.copyFrom(start);
  best.copyFrom(start);
  let curCost = current.cost();
  let bestCost = curCost;
  let routed = 0;
  for (const r of start.routes) routed += r.len > 0 ? r.len + 1 : 0;
  const edge = start.travel() / Math.max(1, routed);
  const t0 = prm.t0 * edge;
  const tf = prm.tf * edge;
  const removed: number[] = [];
  let it = 0;
  let progress = 0;
  while (true) {
    if (it % prm.checkEvery === 0) {
      if (stop.done(it)) break;
      progress = stop.progress(it);
      if (hooks.onProgress?.(it, best, bestCost)) break;
    }
    it++;
    cand.copyFrom(current);
    removed.length = 0;
    const dropRoute = rng.next() < prm.routeRemoval;
    if (dropRoute) ruinRoute(cand, rng, removed);
    ruinStrings(cand, adj, rng, prm.ruin, removed);
    addSomeUnassigned(cand, removed, rng, prm.ruin.cBar);
    const openRoute = !dropRoute && rng.next() < prm.routeOpening;
    recreate(cand, b, removed, rng, prm.blinkRate, !dropRoute, adj, prm.nearRoutesK, openRoute);
    const c = cand.cost();
    const temp = t0 * (tf / t0) ** progress;
    if (c < curCost - temp * Math.log(rng.next())) {
      current.copyFrom(cand);
      curCost = c;
      if (c < bestCost - 1e-9) {
        if (hooks.improveBest) {
          hooks.improveBest(current);
          curCost = current.cost();
        }
        best.copyFrom(current);
        bestCost = curCost;
      }
    }
  }
  return { best, iterations: it };
}

/**
 * Adds previously unassigned jobs to the recreate list: all of them when few, otherwise a random
 * handful, so an over-full day does not make every iteration re-try hundreds of hopeless visits.
 */
function addSomeUnassigned(s: SolutionState, removed: number[], rng: Rng, cap: number): void {
  const fresh = removed.length;
  const pool = s.unassigned;
  const others = pool.length - fresh;
  if (others <= 0) return;
  const p = Math.min(1, cap / others);
  for (let i = 0; i < pool.length; i++) {
    const j = pool[i]!;
    if (s.routeOf[j]! >= 0) continue;
    let isFresh = false;
    for (let k = 0; k < fresh; k++) if (removed[k] === j) isFresh = true;
    if (!isFresh && (p === 1 || rng.next() < p)) removed.push(j);
  }
}
