import type { RouteBuilder } from '../eval/builder';
import { recreate } from './recreate';
import type { Rng } from './rng';
import { addSomeUnassigned, type RuinParams, ruinRoute, ruinStrings } from './ruin';
import { SolutionState } from './solution';

/**
 * Fleet squeeze (the fleet-minimisation phase of SISR, Christiaens & Vanden Berghe 2020, run as an
 * escape from a stalled annealing): empty one route of the best plan, forbid every empty route, and
 * ruin-and-recreate until the emptied route's visits fit into the others. Candidates are judged by how
 * many visits stay out and by their absence counters (visits that are often left out weigh more, so the
 * search works on the hard ones first), not by travel: a plan with one route fewer usually starts
 * longer and the annealing that resumes from it shortens it. Session 22 measured the 1 s tail as basins
 * with one route more than the best known (RC102 15 vs 14, RC103 12 vs 11) that longer runs rarely leave.
 */
export class FleetSqueeze {
  private readonly cur: SolutionState;
  private readonly cand: SolutionState;
  /** Times each job was left out of a squeeze candidate (kept across attempts, as in SISR). */
  private readonly absence: Int32Array;
  /** Unassigned weight of the plan the attempt started from: reaching it again is success. */
  private target = 0;
  private curOut = 0;
  private curAbs = 0;
  private left = 0;
  private readonly removed: number[] = [];

  constructor(
    start: SolutionState,
    private readonly b: RouteBuilder,
    private readonly adj: Int32Array[],
    private readonly rng: Rng,
    private readonly ruin: RuinParams,
    private readonly blinkRate: number,
    private readonly nearRoutesK: number,
  ) {
    this.cur = new SolutionState(start.inst);
    this.cand = new SolutionState(start.inst);
    this.absence = new Int32Array(start.inst.n);
  }

  /** Whether an attempt is under way. */
  get active(): boolean {
    return this.left > 0;
  }

  /** Ends an attempt under way, empty-handed. */
  cancel(): void {
    this.left = 0;
  }

  /** Starts an attempt from `from` that lasts at most `iterations` steps; false when no route can go. */
  begin(from: SolutionState, iterations: number): boolean {
    this.cur.copyFrom(from);
    this.target = outWeight(from);
    this.removed.length = 0;
    ruinRoute(this.cur, this.rng, this.removed);
    if (this.removed.length === 0) return false;
    recreate(this.cur, this.b, this.removed, this.rng, this.blinkRate, false, this.adj, this.nearRoutesK);
    this.score(this.cur);
    this.curOut = this.cur.unassigned.length;
    this.curAbs = absSum(this.cur, this.absence);
    this.left = iterations;
    return true;
  }

  /**
   * One ruin-and-recreate step of the attempt. Returns the plan with one route fewer once every visit
   * that the starting plan served is served again (the attempt then ends), otherwise undefined.
   */
  step(): SolutionState | undefined {
    if (outWeight(this.cur) <= this.target) return this.finish();
    this.left--;
    const { cand, removed, rng } = this;
    cand.copyFrom(this.cur);
    removed.length = 0;
    ruinStrings(cand, this.adj, rng, this.ruin, removed);
    addSomeUnassigned(cand, removed, rng, this.ruin.cBar);
    recreate(cand, this.b, removed, rng, this.blinkRate, false, this.adj, this.nearRoutesK);
    this.score(cand);
    const out = cand.unassigned.length;
    const abs = absSum(cand, this.absence);
    // The current plan's sum is the one it had when it was taken. SISR re-sums it with today's counters,
    // which lets the attempt drift sideways to plans leaving many rarely-missed visits out; against the
    // frozen sum only plans leaving out fewer, or less often missed, visits are taken. Measured on the
    // eleven worst Solomon instances × seeds 1–3, 1 s of CPU, one run each: frozen 0.57 % mean gap, re-summed
    // 1.05 %, no squeeze 0.72 % (docs/solver.md, session 23).
    if (out < this.curOut || abs < this.curAbs) {
      this.cur.copyFrom(cand);
      this.curOut = out;
      this.curAbs = abs;
      if (outWeight(this.cur) <= this.target) return this.finish();
    }
    return undefined;
  }

  private finish(): SolutionState {
    this.left = 0;
    return this.cur;
  }

  /** Counts each visit a candidate leaves out. */
  private score(s: SolutionState): void {
    for (let k = 0; k < s.unassigned.length; k++) this.absence[s.unassigned[k]!]!++;
  }
}

function outWeight(s: SolutionState): number {
  let w = 0;
  for (let k = 0; k < s.unassigned.length; k++) w += s.inst.weight[s.unassigned[k]!]!;
  return w;
}

function absSum(s: SolutionState, absence: Int32Array): number {
  let a = 0;
  for (let k = 0; k < s.unassigned.length; k++) a += absence[s.unassigned[k]!]!;
  return a;
}
