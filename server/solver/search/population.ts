import type { RouteBuilder } from '../eval/builder';
import { Slice, type StoppingCriterion } from '../stop/stopping';
import { srex } from './crossover';
import type { Rng } from './rng';
import { runSisr, type SisrHooks, type SisrParams } from './sisr';
import { SolutionState } from './solution';

/** Knobs of the population search (off unless `size` ≥ 2). */
export interface PopulationParams {
  /** Plans kept. */
  size: number;
  /** Share of the budget the first plans' independent annealing runs take together. */
  initShare: number;
  /** Share of the budget each child's annealing takes. */
  childShare: number;
  /** A child's annealing starts at this fraction of the mean edge (a child is already good: less heat). */
  childT0: number;
}

/**
 * A small population in the manner of HGS (Vidal 2012), with ruin-and-recreate annealing as the education:
 * `size` short independent annealing runs from the first plan, then, until the budget ends, a child of two
 * plans (binary tournament, SREX crossover) annealed for a short share and put in place of the worst plan if
 * it is better and not a copy. Meant to recombine routes from different basins, where one annealing run
 * stays in the basin it chose early (docs/solver.md, sessions 22–25). Returns the best plan any run found.
 */
export function runPopulation(
  start: SolutionState,
  b: RouteBuilder,
  adj: Int32Array[],
  rng: Rng,
  stop: StoppingCriterion,
  prm: SisrParams,
  pop: PopulationParams,
  hooks: SisrHooks = {},
): { best: SolutionState; iterations: number } {
  const inst = start.inst;
  const plans: SolutionState[] = [];
  const costs: number[] = [];
  const best = new SolutionState(inst);
  best.copyFrom(start);
  let bestCost = best.cost();
  let its = 0;
  let cancelled = false;
  const keep = (s: SolutionState) => {
    const c = s.cost();
    if (c < bestCost - 1e-9) {
      best.copyFrom(s);
      bestCost = c;
    }
    return c;
  };
  const run = (from: SolutionState, lo: number, hi: number, p: SisrParams) => {
    const offset = its;
    const r = runSisr(from, b, adj, rng, new Slice(stop, lo, hi, offset), p, {
      improveBest: hooks.improveBest,
      onProgress:
        hooks.onProgress &&
        ((it) => {
          cancelled = hooks.onProgress!(offset + it, best, bestCost) === true;
          return cancelled;
        }),
    });
    its += r.iterations;
    return r.best;
  };
  for (let i = 0; i < pop.size && !cancelled; i++) {
    const got = run(start, (i * pop.initShare) / pop.size, ((i + 1) * pop.initShare) / pop.size, prm);
    const s = new SolutionState(inst);
    s.copyFrom(got);
    plans.push(s);
    costs.push(keep(s));
  }
  const child = new SolutionState(inst);
  const childPrm = { ...prm, t0: pop.childT0 };
  while (plans.length > 1 && !cancelled && !stop.done(its)) {
    const p = stop.progress(its);
    const a = tournament(costs, rng);
    let c = tournament(costs, rng);
    if (c === a) c = (a + 1 + rng.int(plans.length - 1)) % plans.length;
    srex(child, plans[a]!, plans[c]!, b, rng, adj, prm.blinkRate, prm.nearRoutesK);
    const got = run(child, p, Math.min(1, p + pop.childShare), childPrm);
    const cost = keep(got);
    let worst = 0;
    for (let i = 1; i < costs.length; i++) if (costs[i]! > costs[worst]!) worst = i;
    // Equal cost is taken as the same plan: copies would shrink the population to one basin.
    if (cost < costs[worst]! - 1e-9 && !costs.some((x) => Math.abs(x - cost) <= 1e-9)) {
      plans[worst]!.copyFrom(got);
      costs[worst] = cost;
    }
    its++; // the crossover counts as an iteration, so a run that cannot progress still ends
  }
  return { best, iterations: its };
}

/** The better of two random plans. */
function tournament(costs: number[], rng: Rng): number {
  const x = rng.int(costs.length);
  const y = rng.int(costs.length);
  return costs[x]! <= costs[y]! ? x : y;
}
