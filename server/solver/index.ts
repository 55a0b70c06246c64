import { regretConstruct } from './construct/regret';
import { RouteBuilder } from './eval/builder';
import { compileInstance } from './model/instance';
import type { Problem, Solution, SolveOptions, Tuning } from './model/types';
import { routePlan } from './result/plan';
import { explainUnassigned } from './result/reasons';
import { LocalSearch } from './search/local-search';
import { nearestJobs } from './search/neighbours';
import { type PopulationParams, runPopulation } from './search/population';
import { Rng } from './search/rng';
import { defaultSisr, runSisr, type SisrHooks } from './search/sisr';
import { SolutionState } from './search/solution';
import { AnyOf, IterationLimit, Slice, type StoppingCriterion, TimeLimit } from './stop/stopping';

export { parseSolomon, solomonToProblem } from './io/solomon';
export { euclideanMatrix } from './model/matrix';
export { type CrewNow, type DayState, prepareReplan } from './model/replan';
export type * from './model/types';

/** Jobs looked at per job by the granular local search. */
const GRANULAR_K = 20;
/** Default workload-balance weight: enough to break near-ties towards even days, never to add real travel. */
const DEFAULT_BALANCE = 0.02;
/** Fleets above this size make the recreate scan only routes holding one of a job's NEAR_ROUTES_K nearest jobs. */
const NEAR_ROUTES_FROM = 30;
const NEAR_ROUTES_K = 40;
/** Largest share of the elapsed time the local search on new bests may use. */
const LS_SHARE = 0.2;
/** Jobs scanned around the seed by the string removal. */
const ADJ_K = 100;
/** Fleet squeezes run only when the first plan's routes average at least this many visits. */
const SQUEEZE_MIN_ROUTE_LEN = 10;
/**
 * Start temperature (× the mean edge) of the one annealing run when the first plan's routes are short (below
 * SQUEEZE_MIN_ROUTE_LEN visits: Solomon R1, RC1, most of C1, city days); long routes keep defaultSisr.t0 (3), which
 * RC204's 4-route basin needs. Session 34, at the 1 s iteration budgets on the fake clock (test/bench/solver-ab.ts
 * --pace 74000): R1 + RC1 mean gap 0.488 → 0.358 % over seeds 5–10 (−0.129 points ± 0.049, 120 pairs).
 */
const T0_SHORT = 1.5;
/**
 * When the first plan's routes are short and the fleet small (≤ SHORT_SMALL_MAX_CREWS), the one annealing run goes
 * back to its best plan after this share of the budget without a new best (0 = never); long routes have fleet squeezes
 * and their own return to the plan they left. Session 35, `--pace 74000`: R1 + RC1 0.356 → 0.286 % (seeds 1–20, −0.071
 * points ± 0.018); city-400 (58 crews, 20,000 iterations) lost in 4 of the 5 of 12 seeds it changed, hence the fleet cap.
 */
const STALL_RESET_SHORT = 0.3;
/**
 * On the same short-route, small-fleet plans without a workload-balance term, the annealing's acceptance charges each
 * used route this multiple of the temperature (`tuning.routePen`; 0 = off), so the charge fades as the run cools. The
 * 1 s tails are one route too many (R112 11 routes ≈ 2.2 % against 10 ≈ 0.8 %, RC102 15 ≈ 1.4 % against 14 ≈ 0.5 %).
 * Session 36, `--pace 100000`, R1 + RC1 seeds 11–30: RC1 lower, R1 level (docs/solver.md). The balance term spreads
 * visits over crews, which a charge per route works against (city-200: 3 of 4 seeds longer), so balanced days keep 0.
 */
const ROUTE_PEN_SHORT = 2;
/**
 * Independent early chains of the one annealing run on long routes (each from the start plan over its part of the
 * first STARTS_SHARE of the budget; then the last chain goes on, from an earlier chain's best if that is shorter than its own), and that share. Session 36, RC204 alone at its
 * 1 s budgets on the fake clock, seeds 1–96: runs over 2 % 7 → 0 at 100 k iterations/s (mean 0.646 → 0.511 %), 3 → 3
 * at 90 k (0.612 → 0.511 %); a poor 4-route basin is decided early (docs/solver.md). Short routes keep one chain.
 */
const STARTS_LONG = 3;
const STARTS_SHARE = 0.45;
/**
 * The early chains' temperature factor on long routes: of 3 chains the first runs 1.69×, the second 1.3× the
 * schedule's temperatures, the last (which goes on) 1×. Session 37, RC204 seeds 1–96 against 1: at 100 k
 * iterations/s mean 0.511 → 0.392 % (max 1.90 → 1.63), at 90 k runs over 2 % 3 → 0 (max 2.57 → 1.97 %).
 */
const STARTS_HEAT_LONG = 1.3;
/**
 * Largest fleet the short-route knobs (stall reset, route charge) are on for: with more crews both lost on city-400
 * (its own limit: it happens to equal NEAR_ROUTES_FROM).
 */
const SHORT_SMALL_MAX_CREWS = 30;
/**
 * The population search (search/population.ts) takes over from the one annealing run when the run is expected to
 * make at least this many ruin-and-recreate iterations per visit. On this machine's CPU clock (docs/solver.md,
 * session 27) the estimate read ≤ 418 on every Solomon instance at 1 s, ≥ 888 at 10 s; city days: 100 visits 368 at
 * 5 s and 804 at 10 s, 200 visits 168 at 10 s, 400 and 1,000 visits ≤ 44 at 10 s.
 */
const POP_GATE = 600;
/**
 * The set-partitioning recombination at the end of the one annealing run (search/pool.ts): the routes of accepted
 * plans within SP_TOL of the best are pooled, and the cheapest exact cover by them replaces the best when cheaper. Only
 * up to SP_MAX_VISITS visits (its search is bounded in nodes, not time), one vehicle class, no pinned visits. Session
 * 39, fake clock at 74 k, all 56, seeds 5–8: mean gap 0.161 → 0.133 % (−0.028 ± 0.006 points; R1 −0.036, R2 −0.043,
 * RC1 −0.041, RC2 −0.039, C1 and C2 0), runs over 2 % 1 → 0 (RC102 seed 6: 2.25 → 1.35 %); pool and search take
 * 7 ms of a 1 s run on average, 17 ms at most (docs/solver.md).
 */
const SP_TOL = 0.005;
const SP_MAX_VISITS = 250;
/**
 * Short routes, a small fleet: two recombinations during the run as well (at a third and two thirds of it), the
 * annealing going on from a cheaper cover. Long routes (R2, RC2) lose by it. Session 40 (docs/solver.md).
 */
const SP_MID_SHORT = 2;
/** Plans in the population when the gate switches it on. */
const POP_SIZE = 4;
/** Iterations the annealing runs before the gate reads its pace. */
const POP_PROBE = 1000;

/**
 * Plans routes: regret construction, local search, then SISR ruin-and-recreate with annealing until
 * the time limit (or `maxIterations`). Pure: the clock and seed come from `options`.
 */
export function solve(problem: Problem, options: SolveOptions): Solution {
  const t0 = options.clock();
  const inst = compileInstance(problem, options.balanceWeight ?? DEFAULT_BALANCE);
  const rng = new Rng(options.seed ?? 1);
  const b = new RouteBuilder(inst);
  const state = new SolutionState(inst);
  const time = new TimeLimit(options.clock, options.timeLimitMs * 0.97);
  const stop: StoppingCriterion =
    options.maxIterations !== undefined ? new AnyOf([time, new IterationLimit(options.maxIterations)]) : time;
  // Regret insertion gets at most 40 % of the budget; past that the rest is inserted greedily.
  regretConstruct(state, b, () => time.elapsed() > options.timeLimitMs * 0.4);
  let iterations = 0;
  if (inst.n > 0 && state.unassigned.length < inst.n) {
    const tu = options.tuning ?? {};
    const ls = new LocalSearch(inst, b, nearestJobs(inst, tu.granularK ?? GRANULAR_K));
    // The first descent is capped at a tenth of the budget: ruin-and-recreate makes better use of time.
    ls.run(state, rng, () => time.elapsed() > options.timeLimitMs * 0.1);
    let lsMs = 0;
    const adj = nearestJobs(inst, ADJ_K, false);
    const long = longRoutes(state);
    // Short routes, a small fleet: the one annealing that must converge within ≈ 1 s (stall reset, route charge).
    const shortSmall = !long && inst.m <= SHORT_SMALL_MAX_CREWS;
    const prm = {
      ...defaultSisr,
      ruin: { ...defaultSisr.ruin, cBar: tu.cBar ?? defaultSisr.ruin.cBar, lMax: tu.lMax ?? defaultSisr.ruin.lMax },
      t0: tu.t0 ?? (long ? defaultSisr.t0 : (tu.t0Short ?? T0_SHORT)),
      tf: tu.tf ?? defaultSisr.tf,
      blinkRate: tu.blinkRate ?? defaultSisr.blinkRate,
      routeRemoval: tu.routeRemoval ?? defaultSisr.routeRemoval,
      routeOpening: tu.routeOpening ?? defaultSisr.routeOpening,
      // With many crews most routes are far from any given visit: scan only routes near it.
      nearRoutesK: tu.nearRoutesK ?? (inst.m > NEAR_ROUTES_FROM ? NEAR_ROUTES_K : defaultSisr.nearRoutesK),
      squeezeAfter: tu.squeezeAfter ?? (long ? defaultSisr.squeezeAfter : 0),
      squeezeIters: tu.squeezeIters ?? defaultSisr.squeezeIters,
      fleetAlt: tu.fleetAlt ?? defaultSisr.fleetAlt,
      stallReset: tu.stallReset ?? (shortSmall ? STALL_RESET_SHORT : defaultSisr.stallReset),
      routePen: tu.routePen ?? (!shortSmall || inst.balanceWeight > 0 ? defaultSisr.routePen : ROUTE_PEN_SHORT),
      starts: tu.starts ?? (long ? STARTS_LONG : defaultSisr.starts),
      startsShare: tu.startsShare ?? STARTS_SHARE,
      startsHeat: tu.startsHeat ?? (long ? STARTS_HEAT_LONG : defaultSisr.startsHeat),
      spTol: tu.spTol ?? (inst.n <= SP_MAX_VISITS ? SP_TOL : defaultSisr.spTol),
      spNodes: tu.spNodes ?? defaultSisr.spNodes,
      spMid: tu.spMid ?? (shortSmall ? SP_MID_SHORT : defaultSisr.spMid),
    };
    const hooks: SisrHooks = {
      // The search stops at 97 % of the limit; the recombination may run to 98 %, the final polish to 100 %.
      recombineDone: () => time.elapsed() > options.timeLimitMs * 0.98,
      // Local search on new bests, held to a share of the time spent so far so it cannot starve the main loop.
      improveBest:
        tu.lsOnBest === false
          ? undefined
          : (s) => {
              const start = options.clock();
              const budget = (tu.lsShare ?? LS_SHARE) * time.elapsed() - lsMs;
              if (budget <= 0) return;
              ls.run(s, rng, () => options.clock() - start > budget || time.done());
              lsMs += options.clock() - start;
            },
      onProgress: (iteration, best, bestCost) =>
        options.onProgress?.({
          iteration,
          // Read when asked, not before each report: under a clock that ticks per read (solver-ab --pace, tests) a
          // listener that does not ask leaves the run as it is without one, and the worker reads the clock only
          // for the reports it posts.
          get elapsedMs() {
            return options.clock() - t0;
          },
          bestCost,
          unassigned: best.unassigned.length,
        }),
    };
    // The population (long budgets) keeps the long-route start temperature and no stall reset on every plan: the
    // cooler start and the return to the best are for one annealing that must converge within ≈ 1 s.
    const popPrm = {
      ...prm,
      t0: tu.t0 ?? defaultSisr.t0,
      stallReset: tu.stallReset ?? defaultSisr.stallReset,
      routePen: tu.routePen ?? defaultSisr.routePen,
      starts: defaultSisr.starts,
      spTol: defaultSisr.spTol,
    };
    const gate = tu.population === undefined ? (tu.popGate ?? POP_GATE) : Number.POSITIVE_INFINITY;
    let result: { best: SolutionState; iterations: number };
    if ((tu.population ?? 0) >= 2)
      result = runPopulation(state, b, adj, rng, stop, popPrm, populationParams(tu), hooks);
    else {
      // The gate: after POP_PROBE iterations, the pace so far (iterations per share of the budget used, construction
      // included, so it underestimates) estimates the whole run's iterations; under an iteration limit that share is
      // the limit's, so the estimate is the limit itself and a seeded run stays deterministic. Below the gate the
      // run goes on exactly as before (same random draws, same plan).
      let probe = 0;
      const sisr = runSisr(state, b, adj, rng, stop, prm, {
        ...hooks,
        divert:
          gate === Number.POSITIVE_INFINITY
            ? undefined
            : (it, progress) => {
                if (it < POP_PROBE || probe > 0) return false;
                probe = progress;
                return it >= gate * inst.n * progress;
              },
      });
      result = sisr;
      if (sisr.diverted) {
        // The population anneals over the rest of the budget, from the best plan so far; iterations count on.
        const done = sisr.iterations;
        const pop = runPopulation(
          sisr.best,
          b,
          adj,
          rng,
          new Slice(stop, probe, 1, done),
          popPrm,
          populationParams({ ...tu, population: POP_SIZE }),
          { ...hooks, onProgress: hooks.onProgress && ((it, best, cost) => hooks.onProgress!(done + it, best, cost)) },
        );
        result = { best: pop.best, iterations: done + pop.iterations };
      }
    }
    state.copyFrom(result.best);
    // Final polish; the search stops slightly early to leave room for it.
    if (tu.finalLs !== false) ls.run(state, rng, () => time.elapsed() > options.timeLimitMs);
    iterations = result.iterations;
  }
  const routes = state.routes.filter((r) => r.len > 0).map((r) => routePlan(inst, r));
  const unassigned = [...state.unassigned].sort((x, y) => x - y).map((j) => explainUnassigned(inst, state, b, j));
  return {
    routes,
    unassigned,
    cost: state.cost(),
    travelDuration: routes.reduce((a, r) => a + r.travelDuration, 0),
    distance: routes.reduce((a, r) => a + r.distance, 0),
    iterations,
    elapsedMs: options.clock() - t0,
  };
}

/**
 * Whether the plan's routes are long enough for fleet squeezes to pay. With few long routes (Solomon R2/RC2)
 * one route fewer is a change string removals cannot make, and squeezes lowered the 1 s gap there; with many
 * short ones (R1/RC1, city days of about 7 visits a crew) the shortest plans often use more routes than the
 * fewest and squeezes raised it (docs/solver.md, session 23).
 */
function longRoutes(s: SolutionState): boolean {
  let used = 0;
  let served = 0;
  for (const r of s.routes) {
    if (r.len > 0) used++;
    served += r.len;
  }
  return used > 0 && served >= SQUEEZE_MIN_ROUTE_LEN * used;
}

/** Population knobs from the tuning (search/population.ts); only read when `population` ≥ 2. */
function populationParams(tu: Tuning): PopulationParams {
  return {
    size: tu.population ?? 0,
    initShare: tu.popInitShare ?? 0.3,
    childShare: tu.popChildShare ?? 0.05,
    childT0: tu.popChildT0 ?? 1,
  };
}
