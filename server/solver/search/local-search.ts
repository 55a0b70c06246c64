import type { RouteBuilder } from '../eval/builder';
import { currentStamp } from '../eval/route';
import type { Instance } from '../model/instance';
import { bestInsertion, type InsertionChoice, newChoice } from './insertion';
import { CrossExchange } from './operators/cross-exchange';
import { OrOpt } from './operators/or-opt';
import { Relocate } from './operators/relocate';
import type { Operator } from './operators/shared';
import { Swap } from './operators/swap';
import { SwapStar } from './operators/swap-star';
import { TwoOptStar } from './operators/two-opt-star';
import type { Rng } from './rng';
import type { SolutionState } from './solution';

const IMPROVEMENT = -1e-7;

/**
 * Granular first-improvement local search: for each job u and each of its k nearest jobs v, the
 * operators are tried in order and the first improving move is applied. Repeats until no move
 * improves; unassigned jobs are retried after every pass.
 */
export class LocalSearch {
  readonly operators: Operator[];
  private readonly choice: InsertionChoice = newChoice();
  /** Per job, the newest route stamp when its neighbourhood was last tested in the current run (−1: not yet). */
  private readonly testedAt: Float64Array;

  constructor(
    private readonly inst: Instance,
    private readonly b: RouteBuilder,
    private readonly neighbours: Int32Array[],
    private readonly maxPasses = 50,
  ) {
    this.testedAt = new Float64Array(inst.n);
    this.operators = [
      new Relocate(b),
      new Swap(b),
      new TwoOptStar(b),
      new OrOpt(b),
      new CrossExchange(b),
      new SwapStar(b),
    ];
  }

  /** Improves `s` in place until no move improves or `stop()` says so; returns the number of moves applied. */
  run(s: SolutionState, rng: Rng, stop?: () => boolean): number {
    const order = rng.shuffle(Array.from({ length: this.inst.n }, (_, j) => j));
    const testedAt = this.testedAt.fill(-1);
    let moves = 0;
    for (let pass = 0; pass < this.maxPasses; pass++) {
      let improved = false;
      for (const u of order) {
        if (s.routeOf[u]! < 0) continue;
        if (stop?.()) return moves;
        // Every move looks only at the two routes involved: a pair whose routes are both unchanged since u
        // was last tested in this run gives the same (non-improving) answer again and is skipped.
        const since = testedAt[u]!;
        testedAt[u] = currentStamp();
        for (const v of this.neighbours[u]!) {
          const rv = s.routeOf[v]!;
          if (rv < 0) continue;
          if (since >= 0 && s.routes[s.routeOf[u]!]!.stamp <= since && s.routes[rv]!.stamp <= since) continue;
          for (const op of this.operators) {
            if (op.evaluate(s, u, v) < IMPROVEMENT) {
              op.apply(s);
              moves++;
              improved = true;
              break;
            }
          }
        }
      }
      if (this.insertUnassigned(s)) improved = true;
      if (!improved) break;
    }
    return moves;
  }

  private insertUnassigned(s: SolutionState): boolean {
    let any = false;
    for (const j of [...s.unassigned]) {
      bestInsertion(s, this.b, j, this.choice);
      if (this.choice.route >= 0) {
        s.place(s.routes[this.choice.route]!, this.choice.pos, j);
        any = true;
      }
    }
    return any;
  }
}
