import type { RouteBuilder } from '../eval/builder';
import type { StoppingCriterion } from '../stop/stopping';
import { recreate } from './recreate';
import type { Rng } from './rng';
import { addSomeUnassigned, defaultRuin, type RuinParams, ruinRoute, ruinStrings } from './ruin';
import { SolutionState } from './solution';
import { FleetSqueeze } from './squeeze';

/** Knobs of the ruin-and-recreate loop. */
export interface SisrParams {
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
  /** Start a fleet squeeze after this many iterations without a new best (0 = never). */
  squeezeAfter: number;
  /** Longest a squeeze attempt may run, in iterations. */
  squeezeIters: number;
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
  // Solomon at 1 s runs ≈ 50,000 iterations: a stall of 3,000 is a few per cent of the run.
  squeezeAfter: 3000,
  squeezeIters: 2000,
};

/** Hooks the caller can plug in: intensification on new bests, progress reporting. */
export interface SisrHooks {
  improveBest?: (s: SolutionState) => void;
  /** Return true to cancel. */
  onProgress?: (iteration: number, best: SolutionState, bestCost: number) => boolean | undefined;
  /**
   * Asked at each stopping check with the iterations run and the share of the budget used; return true to end
   * the run there (`diverted` in the result) so the caller can go on with another search from its best plan.
   */
  divert?: (iteration: number, progress: number) => boolean;
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
): { best: SolutionState; iterations: number; diverted: boolean } {
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
  const squeeze =
    prm.squeezeAfter > 0 ? new FleetSqueeze(start, b, adj, rng, prm.ruin, prm.blinkRate, prm.nearRoutesK) : undefined;
  // The plan the annealing left for a squeezed one; taken back if the squeezed one leads to no new best.
  const before = squeeze ? new SolutionState(inst) : undefined;
  let onTrial = false;
  let lastBest = 0;
  let it = 0;
  let progress = 0;
  let tempAt = Number.NaN;
  let temp = 0;
  let diverted = false;
  while (true) {
    if (it % prm.checkEvery === 0) {
      if (stop.done(it)) break;
      progress = stop.progress(it);
      if (hooks.onProgress?.(it, best, bestCost)) break;
      if (hooks.divert?.(it, progress)) {
        diverted = true;
        break;
      }
    }
    it++;
    if (squeeze) {
      if (!squeeze.active && it - lastBest > prm.squeezeAfter) {
        lastBest = it;
        if (onTrial) {
          // One route fewer led to no new best within a stall's length: go back to where the annealing was,
          // so a failed squeeze costs its iterations, not the basin the run was in (fewest routes ≠ shortest).
          onTrial = false;
          current.copyFrom(before!);
          curCost = current.cost();
        } else if (squeeze.begin(best, prm.squeezeIters)) {
          // Stalled: try the best plan with one route fewer; an attempt that ends empty-handed changes nothing.
          continue;
        }
      }
      if (squeeze.active) {
        const fewer = squeeze.step();
        if (fewer) {
          before!.copyFrom(current);
          current.copyFrom(fewer);
          curCost = current.cost();
          onTrial = true;
          lastBest = it;
        }
        continue;
      }
    }
    cand.copyFrom(current);
    removed.length = 0;
    const dropRoute = rng.next() < prm.routeRemoval;
    if (dropRoute) ruinRoute(cand, rng, removed);
    ruinStrings(cand, adj, rng, prm.ruin, removed);
    addSomeUnassigned(cand, removed, rng, prm.ruin.cBar);
    const openRoute = !dropRoute && rng.next() < prm.routeOpening;
    recreate(cand, b, removed, rng, prm.blinkRate, !dropRoute, adj, prm.nearRoutesK, openRoute);
    const c = cand.cost();
    // The temperature moves only when the progress does (at each stopping check): no power per iteration.
    if (progress !== tempAt) {
      tempAt = progress;
      temp = t0 * (tf / t0) ** progress;
    }
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
        lastBest = it;
        onTrial = false;
      }
    }
  }
  return { best, iterations: it, diverted };
}
