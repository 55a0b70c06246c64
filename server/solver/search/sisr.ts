import type { RouteBuilder } from '../eval/builder';
import type { StoppingCriterion } from '../stop/stopping';
import { RoutePool, solveCover } from './pool';
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
  /**
   * Keep the best plan with more routes than the best (the larger fleet's best) and go on from it when a squeeze
   * from the best fails; a squeeze is not tried again from a best it failed on (see Annealing.toLarger). RC204 at
   * its 1 s budgets, seeds 1–96: −0.053 points at 74 k iterations/s, −0.041 at 90 k (docs/solver.md, session 35).
   */
  fleetAlt: boolean;
  /** Back to the best plan when this share of the budget has passed without a new best (0 = never). */
  stallReset: number;
  /**
   * Acceptance only: each used route adds this multiple of the current temperature to a plan's cost (0 = off), so the
   * hot early chain leans to fewer routes and the cold end judges travel alone; the best is kept on the true cost.
   */
  routePen: number;
  /**
   * Independent chains at the start (1 = one chain): the first `startsShare` of the budget is cut into this many
   * equal parts, each an annealing from the start plan over that share's temperatures; then the last chain goes on,
   * from an earlier chain's best plan if that is shorter than its own best (see Annealing.nextChain).
   */
  starts: number;
  startsShare: number;
  /**
   * Early chain k of `starts` runs at this power (starts − 1 − k) of the schedule's temperatures (1 = off): the first
   * chains search hotter, the last one, which goes on, ends on the schedule. RC204 seeds 1–96 (docs/solver.md, session 37).
   */
  startsHeat: number;
  /**
   * Set-partitioning recombination at the end of the run (0 = off): the routes of every accepted plan within this
   * share of the best are kept (search/pool.ts), and the cheapest exact cover by them, if cheaper, becomes the best.
   * Only for one vehicle class without pinned visits. Session 39 (docs/solver.md).
   */
  spTol: number;
  /** Node limit of the recombination's search. */
  spNodes: number;
  /**
   * Recombinations during the run as well (0 = only at the end): at shares 1/(n+1), …, n/(n+1) of the budget, a
   * cheaper cover becomes the best and the annealing goes on from it.
   */
  spMid: number;
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
  fleetAlt: true,
  stallReset: 0,
  routePen: 0,
  starts: 1,
  startsShare: 0,
  startsHeat: 1,
  spTol: 0,
  spNodes: 30000,
  spMid: 0,
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
  /** Asked while the recombination at the end searches (prm.spTol): true ends it with the best cover found so far. */
  recombineDone?: () => boolean;
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
  const run = new Annealing(start, b, adj, rng, prm, hooks);
  let it = 0;
  let diverted = false;
  // The stopping rule is asked every checkEvery iterations; the iterations themselves run in Annealing.steps, a
  // function of their own, so one optimised copy serves every solve of a process instead of this loop being compiled
  // on stack replacement anew in each one.
  while (true) {
    if (stop.done(it)) break;
    run.setProgress(stop.progress(it), it);
    if (hooks.onProgress?.(it, run.top(), run.topCost())) break;
    run.recombineMid(it);
    if (hooks.divert?.(it, run.progress)) {
      diverted = true;
      break;
    }
    it = run.steps(it, prm.checkEvery);
  }
  if (!diverted) run.recombine();
  return { best: run.top(), iterations: it, diverted };
}

/** Most columns the recombination's pool keeps. */
const POOL_CAP = 20000;

/** The annealing's state between iterations (see runSisr). */
class Annealing {
  declare readonly current: SolutionState;
  declare readonly cand: SolutionState;
  declare readonly best: SolutionState;
  declare curCost: number;
  declare bestCost: number;
  declare readonly t0: number;
  declare readonly tf: number;
  declare readonly removed: number[];
  declare readonly squeeze: FleetSqueeze | undefined;
  /** The plan the annealing left for a squeezed one; taken back if the squeezed one leads to no new best. */
  declare readonly before: SolutionState | undefined;
  declare onTrial: boolean;
  /** The best plan with more routes than `best` (prm.fleetAlt); valid while altRoutes > bestRoutes. */
  declare readonly alt: SolutionState | undefined;
  declare altCost: number;
  declare altRoutes: number;
  declare bestRoutes: number;
  /** A squeeze attempt from the current best has failed (cleared by a new best). */
  declare failedFromBest: boolean;
  declare lastBest: number;
  /** The share of the budget at the last new best (or the last return to it). */
  declare bestAt: number;
  declare progress: number;
  declare temp: number;
  /** Early chains (prm.starts > 1): the plan each starts from, the best plan of those ended, the chain running. */
  declare readonly origin: SolutionState | undefined;
  declare readonly bank: SolutionState | undefined;
  declare bankCost: number;
  declare chain: number;
  /** The running chain's temperature factor (prm.startsHeat); 1 after the chains. */
  declare heat: number;
  declare readonly b: RouteBuilder;
  declare readonly adj: Int32Array[];
  declare readonly rng: Rng;
  declare readonly prm: SisrParams;
  declare readonly hooks: SisrHooks;
  /** Routes of the accepted plans near the best (prm.spTol), for the recombinations (recombine, recombineMid). */
  declare readonly pool: RoutePool | undefined;
  /** Recombinations during the run done so far (prm.spMid). */
  declare spDone: number;

  constructor(start: SolutionState, b: RouteBuilder, adj: Int32Array[], rng: Rng, prm: SisrParams, hooks: SisrHooks) {
    const inst = start.inst;
    this.b = b;
    this.adj = adj;
    this.rng = rng;
    this.prm = prm;
    this.hooks = hooks;
    this.current = new SolutionState(inst);
    this.cand = new SolutionState(inst);
    this.best = new SolutionState(inst);
    this.current.copyFrom(start);
    this.best.copyFrom(start);
    this.curCost = this.current.cost();
    this.bestCost = this.curCost;
    let routed = 0;
    for (const r of start.routes) routed += r.len > 0 ? r.len + 1 : 0;
    const edge = start.travel() / Math.max(1, routed);
    this.t0 = prm.t0 * edge;
    this.tf = prm.tf * edge;
    this.removed = [];
    this.squeeze =
      prm.squeezeAfter > 0 ? new FleetSqueeze(start, b, adj, rng, prm.ruin, prm.blinkRate, prm.nearRoutesK) : undefined;
    this.before = this.squeeze ? new SolutionState(inst) : undefined;
    this.onTrial = false;
    this.alt = this.squeeze && prm.fleetAlt ? new SolutionState(inst) : undefined;
    this.altCost = Number.POSITIVE_INFINITY;
    this.altRoutes = 0;
    this.bestRoutes = start.usedRoutes();
    this.failedFromBest = false;
    this.lastBest = 0;
    this.bestAt = 0;
    this.progress = Number.NaN;
    this.temp = Number.NaN;
    const chains = prm.starts > 1 && prm.startsShare > 0;
    this.origin = chains ? new SolutionState(inst) : undefined;
    this.bank = chains ? new SolutionState(inst) : undefined;
    this.origin?.copyFrom(start);
    this.bankCost = Number.POSITIVE_INFINITY;
    this.chain = chains ? 0 : -1;
    this.heat = chains ? this.chainHeat(0) : 1;
    // Pooled routes go back on vehicles 0, 1, …: only when every route fits every vehicle — one class, and no visit
    // pinned to a crew (restricted; one class has one skill set) or to a position (locked).
    let anyFits = true;
    for (let v = 0; v < inst.m; v++) if (inst.vClass[v] !== inst.vClass[0]) anyFits = false;
    for (let j = 0; j < inst.n; j++) if (inst.locked[j] || inst.restricted[j]) anyFits = false;
    this.pool = prm.spTol > 0 && anyFits ? new RoutePool(inst.n, inst.m, POOL_CAP) : undefined;
    this.pool?.add(this.current);
    this.spDone = 0;
  }

  /** The best plan found so far, over the early chains too. */
  top(): SolutionState {
    return this.bankCost < this.bestCost ? this.bank! : this.best;
  }

  /** Early chain k's temperature factor: the first chains hotter, the last (which goes on) on the schedule. */
  private chainHeat(k: number): number {
    return this.prm.startsHeat ** (this.prm.starts - 1 - k);
  }

  /** The cost of top(). */
  topCost(): number {
    return Math.min(this.bankCost, this.bestCost);
  }

  /** The share of the budget used, read at each stopping check; the temperature moves only when it does. */
  setProgress(progress: number, it: number): void {
    if (progress === this.progress) return;
    this.progress = progress;
    let p = progress;
    if (this.chain >= 0) {
      const { starts, startsShare } = this.prm;
      if (progress < startsShare) {
        const span = startsShare / starts;
        const k = Math.min(starts - 1, Math.floor(progress / span));
        if (k !== this.chain) {
          this.chain = k;
          this.heat = this.chainHeat(k);
          this.nextChain(this.origin!, Number.POSITIVE_INFINITY, it);
        }
        // Each chain runs the schedule's first startsShare over its own part of the budget.
        p = (progress - k * span) * starts;
      } else {
        this.chain = -1;
        this.heat = 1;
        if (this.bankCost < this.bestCost) this.nextChain(this.bank!, this.bankCost, it);
      }
    }
    this.temp = this.t0 * (this.tf / this.t0) ** p * this.heat;
    if (this.prm.stallReset > 0 && progress - this.bestAt > this.prm.stallReset && !this.onTrial) {
      this.current.copyFrom(this.best);
      this.curCost = this.bestCost;
      this.bestAt = progress;
    }
  }

  /** Runs iterations it + 1 … it + n; returns the last one's number. */
  steps(it: number, n: number): number {
    for (let k = 0; k < n; k++) this.step(++it);
    return it;
  }

  private step(it: number): void {
    const { current, cand, prm, rng, squeeze } = this;
    if (squeeze) {
      if (!squeeze.active && it - this.lastBest > prm.squeezeAfter) {
        this.lastBest = it;
        if (this.onTrial) {
          // One route fewer led to no new best within a stall's length: go back to where the annealing was,
          // so a failed squeeze costs its iterations, not the basin the run was in (fewest routes ≠ shortest).
          this.onTrial = false;
          current.copyFrom(this.before!);
          this.curCost = current.cost();
        } else if (this.alt && this.failedFromBest) {
          // A squeeze from this very best already failed: the fleet is at its smallest, so go on from the larger one.
          this.toLarger();
        } else if (squeeze.begin(this.best, prm.squeezeIters)) {
          // Stalled: try the best plan with one route fewer; an attempt that ends empty-handed changes nothing.
          return;
        }
      }
      if (squeeze.active) {
        const fewer = squeeze.step();
        if (fewer) {
          this.before!.copyFrom(current);
          current.copyFrom(fewer);
          this.curCost = current.cost();
          this.onTrial = true;
          this.lastBest = it;
        } else if (this.alt && !squeeze.active) {
          this.failedFromBest = true;
          this.toLarger();
        }
        return;
      }
    }
    const removed = this.removed;
    cand.copyFrom(current);
    removed.length = 0;
    const dropRoute = rng.next() < prm.routeRemoval;
    if (dropRoute) ruinRoute(cand, rng, removed);
    ruinStrings(cand, this.adj, rng, prm.ruin, removed);
    addSomeUnassigned(cand, removed, rng, prm.ruin.cBar);
    const openRoute = !dropRoute && rng.next() < prm.routeOpening;
    recreate(cand, this.b, removed, rng, prm.blinkRate, !dropRoute, this.adj, prm.nearRoutesK, openRoute);
    const c = cand.cost();
    let pen = 0;
    if (prm.routePen > 0) pen = prm.routePen * this.temp * (cand.usedRoutes() - current.usedRoutes());
    if (c + pen < this.curCost - this.temp * Math.log(rng.next())) {
      // A plan of the same cost as the one it replaces is almost always the same plan: nothing new for the pool.
      const fresh = c !== this.curCost;
      current.copyFrom(cand);
      this.curCost = c;
      if (c < this.bestCost - 1e-9) {
        if (this.hooks.improveBest) {
          this.hooks.improveBest(current);
          this.curCost = current.cost();
        }
        if (this.alt) this.keepLarger(current.usedRoutes());
        this.best.copyFrom(current);
        this.bestCost = this.curCost;
        this.lastBest = it;
        this.bestAt = this.progress;
        this.onTrial = false;
        this.failedFromBest = false;
      } else if (c < this.altCost && this.alt && current.usedRoutes() > this.bestRoutes) {
        // A better plan with more routes than the best.
        this.alt.copyFrom(current);
        this.altCost = c;
        this.altRoutes = current.usedRoutes();
      }
      if (this.pool !== undefined && fresh && this.curCost <= this.bestCost * (1 + prm.spTol)) this.pool.add(current);
    }
  }

  /**
   * The recombination (prm.spTol): the cheapest plan made of pooled routes, one per vehicle, becomes the best when it
   * is cheaper. At the end of the run, and during it on short routes (recombineMid): a route pool holds the good
   * basin's routes the annealing met and left (RC102). Answers the plan it took, or undefined.
   */
  recombine(): SolutionState | undefined {
    const s = this.cover();
    if (s === undefined) return undefined;
    if (this.alt) this.keepLarger(s.usedRoutes());
    this.best.copyFrom(s);
    this.bestCost = s.cost();
    this.bankCost = Number.POSITIVE_INFINITY;
    return s;
  }

  /** A recombination during the run (prm.spMid): a cheaper cover becomes the best, and the annealing goes on from it. */
  recombineMid(it: number): void {
    const n = this.prm.spMid;
    if (!(n > 0) || this.chain >= 0 || this.onTrial || this.progress * (n + 1) < this.spDone + 1) return;
    this.spDone = Math.floor(this.progress * (n + 1));
    if (this.spDone > n || this.recombine() === undefined) return;
    this.current.copyFrom(this.best);
    this.curCost = this.bestCost;
    this.failedFromBest = false;
    this.lastBest = it;
    this.bestAt = this.progress;
  }

  /** The cheapest cover by pooled routes, in `cand`, when it is cheaper than the best plan so far. */
  private cover(): SolutionState | undefined {
    const pool = this.pool;
    const top = this.top();
    if (pool === undefined || top.unassigned.length > 0) return undefined;
    const inst = top.inst;
    const topCost = this.topCost();
    const cols = solveCover(pool, topCost, inst.m, this.prm.spNodes, this.hooks.recombineDone);
    if (cols === undefined) return undefined;
    const s = this.cand;
    for (const r of s.routes)
      if (r.len > 0) {
        for (let p = r.len; p >= 1; p--) s.drop(r.nodes[p - 1]!);
        r.removeRange(1, r.len);
        s.touch(r);
      }
    for (let k = 0; k < cols.length; k++) s.setRoute(s.routes[k]!, Array.from(pool.seqs[cols[k]!]!));
    const c = s.cost();
    if (s.unassigned.length > 0 || !(c < topCost - 1e-9)) return undefined;
    return s;
  }

  /**
   * The chain that ran ends (its best goes to the bank when better) and the annealing goes on from `from`, as if
   * it had started there: squeeze, trial and larger-fleet state start afresh. RC204's poor 4-route basins are
   * decided in the first quarter of the run (docs/solver.md, session 35); chains from the start plan are
   * independent tries at it.
   */
  private nextChain(from: SolutionState, fromCost: number, it: number): void {
    if (this.bestCost < this.bankCost) {
      this.bank!.copyFrom(this.best);
      this.bankCost = this.bestCost;
    }
    this.current.copyFrom(from);
    this.best.copyFrom(from);
    this.curCost = fromCost === Number.POSITIVE_INFINITY ? from.cost() : fromCost;
    this.bestCost = this.curCost;
    this.squeeze?.cancel();
    this.onTrial = false;
    this.failedFromBest = false;
    this.altCost = Number.POSITIVE_INFINITY;
    this.altRoutes = 0;
    this.bestRoutes = from.usedRoutes();
    this.lastBest = it;
    this.bestAt = this.progress;
  }

  /** Before `best` becomes a plan of `routes` routes: a best with more routes becomes the larger fleet's best. */
  private keepLarger(routes: number): void {
    if (routes < this.bestRoutes) {
      this.alt!.copyFrom(this.best);
      this.altCost = this.bestCost;
      this.altRoutes = this.bestRoutes;
    } else if (routes >= this.altRoutes) this.altCost = Number.POSITIVE_INFINITY;
    this.bestRoutes = routes;
  }

  /**
   * The annealing goes on from the larger fleet's best. A plan with fewer routes can become the best while the
   * search with more routes is still young (RC204: a 3-route best at 804 after 20 % of the run, when its 4-route
   * basin reaches 789–796); the chain then wanders above it among plans of that fleet and the squeezes from it fail.
   */
  private toLarger(): void {
    if (this.altCost === Number.POSITIVE_INFINITY) return;
    this.current.copyFrom(this.alt!);
    this.curCost = this.altCost;
  }
}
