import type { RouteBuilder } from '../../eval/builder';
import type { SolutionState } from '../solution';
import { applySegmentMove, evalSegmentMove, type SegmentMove } from './segment-move';
import type { Operator } from './shared';

/** Or-opt: moves a chain of 2 or 3 consecutive jobs starting at u to follow its neighbour v. */
export class OrOpt implements Operator {
  readonly name = 'or-opt';
  private readonly best: SegmentMove = { from: 0, x: 0, y: 0, to: 0, q: 0 };
  private readonly tmp: SegmentMove = { from: 0, x: 0, y: 0, to: 0, q: 0 };

  constructor(private readonly b: RouteBuilder) {}

  evaluate(s: SolutionState, u: number, v: number): number {
    const rv = s.routeOf[v]!;
    if (rv < 0) return Number.POSITIVE_INFINITY;
    let best = Number.POSITIVE_INFINITY;
    for (let len = 2; len <= 3; len++) {
      const d = evalSegmentMove(s, this.b, u, len, rv, s.posOf[v]!, this.tmp);
      if (d < best) {
        best = d;
        Object.assign(this.best, this.tmp);
      }
    }
    return best;
  }

  apply(s: SolutionState): void {
    applySegmentMove(s, this.best);
  }
}
